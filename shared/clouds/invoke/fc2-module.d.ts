/** @alicloud/fc2 ships no typings; fc2.ts checks what it exports and describes the part it uses. */
declare module '@alicloud/fc2' {
  const client: unknown;
  export default client;
}
