// Given names common in international news, lower case: a capitalized run that starts with
// one (or with an initial) and has no other type is a person. Without this evidence a run
// of two or three capitalized words is more often a title, a product or a team than a person
// (bbc-news: Snow Patrol, Doc Martin, Bayer Leverkusen).
const NAMES = `
aaron abdul abdullah abu adam adrian ahmed ahmad aidan aisha alan alastair alasdair albert alberto alec alejandro aleksandr alex alexander
alexandra alexei alfred ali alice alicia alison alistair allan amanda amy ana anatoly anders andre andrea andreas andrei andres andrew andy
angela angelina angus anita ann anna anne annie anthony antoine anton antonio archie arnaud arnold arthur ashley audrey barbara barry bart
ben benjamin bernard bernie bert bertrand beth betty bill billy bob bobby boris brad bradley brendan brent brian bruce bruno bryan byron
callum calvin cameron carl carla carlo carlos carly carmen carol caroline carolina casey catherine cathy cecilia cesar charles charlie
charlotte chen cheryl chris christian christina christine christoph christopher chuck cindy claire clara clare claude claudia clemens
clint clive colin connor conor craig cristiano cynthia dale damien damon dan dana daniel daniela danielle danny daphne darren dave david
dean deborah denis dennis derek dhani diana diane dick diego dieter digby dimitri dmitry dominic don donald donna doris doug douglas duncan
dwight eamonn ed eddie edgar edith edmund eduardo edward edwin eileen elaine eleanor elena eli elizabeth ella ellen elliot elton elvis
emily emma emmanuel enrique eric erik ernest ernst esther ethan eugene eva evan evelyn fabio fabrice faisal farid fatima federico felipe
felix fernando fiona florian frances francesca francis francisco franck frank frankie franz fred freddie frederick gabriel gabriela
gareth garry gary gavin gene geoff geoffrey george georgina gerald gerard gerhard gianni gilbert giles gillian giorgio giovanni giuseppe
glen glenn gloria gordon grace graeme graham grant greg gregory guillermo gustavo guy hal hamid hank hannah hans harold harriet harry
hassan heather hector heidi helen helena helmut henri henrik henry herbert hilary howard hugh hugo hussein iain ian igor ilya imran ingrid
irene iris irfan isaac isabel isabella ivan jack jackie jacob jacques jade jaime jake james jamie jan jane janet janice jason javier jay
jean jeff jeffrey jennifer jenny jeremy jerome jerry jess jessica jill jim jimmy jo joan joanna joanne joaquin joe joel johan johann john
johnny jon jonathan jorge jose josef joseph josh joshua joy juan judith judy jules julia julian julie juliet jurgen justin kamal karen
karim karl kate katherine kathleen kathryn kathy katie katrina kay keith kelly ken kenneth kenny kerry kevin kim kirsty klaus kofi kurt
kyle lance larry laura lauren lawrence lee leila len leo leon leonard leslie lewis liam lily linda lindsay lisa liz lleyton lorenzo louis
louise lucas lucy luis luc luciano luigi luke lynn mahmoud malcolm manuel marc marco marcus margaret maria marian marie mario marion mark
marta martha martin mary mathieu matt matthew maureen maurice max maxim melanie melissa michael michel michele michelle miguel mike mikhail
miles milton mo mohamed mohammed mohammad monica muhammad murray nadia nancy naomi nasser natalie natasha nathan neil nelson nicholas
nick nicky nicola nicolas nicole nigel nikolai nina noel nora norman olga oliver olivia omar oscar owen pablo paddy pamela pascal pat
patricia patrick paul paula pauline pedro penny peter phil philip philippe pierre piers rachel rafael raj ralph ramon randy raoul ray
raymond rebecca reg reggie renee rhys ricardo richard rick ricky rita rob robbie robert roberto robin rod roger roland roman ron ronald
ronnie rory rosa rose ross roy ruby rudolf rupert russell ruth ryan sally sam samantha samir samuel sandra sanjay sara sarah scott sean
sebastian serena sergei sergey sergio shane shannon sharon shaun sheila shirley sian sienna simon simone sonia sonny sophie stan stanley
stefan stephanie stephen steve steven stewart stuart sue susan suzanne sven sylvia tanya ted teresa terry tessa thierry thomas tiger tim
timothy tina toby todd tom tommy toni tony tracey tracy trevor tristan ulrich valentina valerie vanessa vera veronica victor victoria
vijay vince vincent virginia vivian vladimir walter wayne wendy werner will william willie wolfgang xavier yasser yuri yusuf yvonne zach
zoe nursultan shavkat emomali sadyr kassym-jomart serdar gurbanguly islam almazbek sooronbay rustam abdulla abduaziz bakhtiyor ravshan
`;

/** Lower-case given names. */
export const GIVEN_NAMES: ReadonlySet<string> = new Set(
  NAMES.split(/\s+/).filter((name) => name.length > 0),
);
