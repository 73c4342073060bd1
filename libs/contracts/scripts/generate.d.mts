// Types of the generator's exports, for the tests that re-run it in memory.
export declare const DEFAULT_ROOT: string;
export declare const DOCS_BEGIN: string;
export declare const DOCS_END: string;
export interface LoadedType {
  kind: 'record' | 'enum' | 'fixed';
  fullName: string;
  file: string;
  context: string;
  topLevel: boolean;
  schema: unknown;
}
export declare function loadSchemas(root?: string): Map<string, LoadedType>;
export declare function loadCatalog(types: Map<string, LoadedType>, root?: string): { replicas: number; minInsyncReplicas: number; cluster: string; topics: Array<Record<string, unknown>> };
export declare function selfContained(fullName: string, types: Map<string, LoadedType>): unknown;
export declare function renderAll(root?: string): Map<string, string>;
export declare function staleFiles(root?: string): string[];
export declare function renderFieldBlocks(text: string, types: Map<string, LoadedType>): string;
export declare function tsLiteral(value: unknown, indent?: string, width?: number): string;
