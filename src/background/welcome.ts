// After a fresh install (not an update or a browser restart) the options page opens once, with its start guide.
// `tabs.create` needs no permission for the extension's own page.
export interface InstallDetails {
  reason: string;
}

export async function welcomeOnInstall(details: InstallDetails, openTab: (url: string) => Promise<unknown>, pageUrl: (path: string) => string): Promise<void> {
  if (details.reason !== 'install') return;
  await openTab(pageUrl('options.html?welcome'));
}
