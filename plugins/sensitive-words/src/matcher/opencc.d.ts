// opencc-js ships its conversion dictionaries as ESM modules without type declarations.
declare module 'opencc-js/dict/TSCharacters' {
  const table: string;
  export default table;
}
declare module 'opencc-js/dict/TWVariantsRev' {
  const table: string;
  export default table;
}
declare module 'opencc-js/dict/HKVariantsRev' {
  const table: string;
  export default table;
}
