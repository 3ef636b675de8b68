/// <reference types="vite/client" />

declare module 'virtual:strata-sdk-dts' {
  /** The `declare module '@strata/sdk'` bundle Monaco loads (see vite-plugin-sdk-dts.ts). */
  const dts: string;
  export default dts;
}
