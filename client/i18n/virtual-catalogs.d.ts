/** Built from locales/ by locales/vite-plugin.ts (the shape of CatalogModule in catalogs.ts). */
declare module 'virtual:parta-catalogs' {
  /** A loader per `<lang>/<namespace>`, and per `<lang>/first` for the first screen's namespaces. */
  export const loaders: Record<string, () => Promise<{ default: unknown }>>;
  /** Each language's name in itself. */
  export const names: Record<string, string>;
}
