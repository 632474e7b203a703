export type ArchiveKind = 'chrome' | 'firefox' | 'source';
export declare const PACKAGE_NAME: string;
/** The three archive names for a version, by kind. */
export declare function artifactNames(version: string): Record<ArchiveKind, string>;
/** The manifest the Chrome Web Store takes: dist/chrome's, less `key`. */
export declare function storeManifest(manifest: Record<string, unknown>): Record<string, unknown>;
/** What is wrong with the three archives (empty when they are store-ready). */
export declare function checkArchives(paths: Record<ArchiveKind, string>, version: string): Promise<string[]>;
/** Builds cleanly, writes the three archives into `out` and checks them; returns their paths by kind. */
export declare function packageAll(opts?: { out?: string; allowDirty?: boolean; log?: (line: string) => void }): Promise<Record<ArchiveKind, string>>;
