// A download of `text` through a blob URL, kept alive long enough for the browser to save it. No browser API
// beyond the DOM, so the viewer (which loads no polyfill) and the popup's Timeline share it.
export function saveFile(name: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
