// The package ships no types for its per-module files; steppe imports only these two so that
// loading it does not pull in the whole library (classifiers, database clients, WordNet).
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  type Step = (token: string) => string;
  // The steps are exported by the module (for its own tests); `stem` runs them in this order.
  const PorterStemmer: {
    stem(token: string): string;
    step1a: Step;
    step1b: Step;
    step1c: Step;
    step2: Step;
    step3: Step;
    step4: Step;
    step5a: Step;
    step5b: Step;
  };
  export default PorterStemmer;
}
declare module 'natural/lib/natural/distance/jaro-winkler_distance.js' {
  function JaroWinklerDistance(a: string, b: string, options?: { ignoreCase?: boolean }): number;
  export default JaroWinklerDistance;
}
