// natural's deep modules have no types of their own; the plain `import 'natural'` is avoided on
// purpose (it loads database drivers, reads .env and prints to stdout).
declare module 'natural/lib/natural/stemmers/porter_stemmer_fr.js' {
  const stemmer: { stem(word: string): string };
  export default stemmer;
}
declare module 'natural/lib/natural/stemmers/porter_stemmer.js' {
  const stemmer: { stem(word: string): string };
  export default stemmer;
}
