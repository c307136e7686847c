// The package ships no types for its per-module files; steppe imports only these two so that
// loading it does not pull in the whole library (classifiers, database clients, WordNet).
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const PorterStemmer: { stem(token: string): string };
  export default PorterStemmer;
}
declare module 'natural/lib/natural/distance/jaro-winkler_distance.js' {
  function JaroWinklerDistance(a: string, b: string, options?: { ignoreCase?: boolean }): number;
  export default JaroWinklerDistance;
}
