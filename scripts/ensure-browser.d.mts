export declare const CHROMIUM: string;
export declare const FIREFOX: string;
/** The path of Debian's Chromium; installs it with apt-get when root and missing, else exits with the command. */
export declare function ensureChromium(): string;
/** The path of Firefox ESR; installs it with apt-get when root and missing, else exits with the command. */
export declare function ensureFirefox(): string;
