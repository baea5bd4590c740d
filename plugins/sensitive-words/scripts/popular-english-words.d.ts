declare module 'popular-english-words/words.js' {
  export const words: string[];
}
