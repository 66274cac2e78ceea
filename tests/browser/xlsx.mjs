// xlsx.mjs — what a downloaded workbook holds: its sheet names and shared
// strings, read with python3's zipfile (an XLSX is a ZIP of XML), so a test
// checks the file a spreadsheet would open, not the link that made it.
import { execFileSync } from 'node:child_process';

const py = `import json, re, sys, zipfile
z = zipfile.ZipFile(sys.argv[1])
names = re.findall(r'<sheet name="([^"]+)"', z.read("xl/workbook.xml").decode())
sst = z.read("xl/sharedStrings.xml").decode() if "xl/sharedStrings.xml" in z.namelist() else ""
strings = [re.sub(r"<[^>]+>", "", x) for x in re.findall(r"<si>(.*?)</si>", sst, re.S)]
print(json.dumps({"sheets": names, "strings": strings}))`;

export function workbook(path) {
  return JSON.parse(execFileSync('python3', ['-c', py, path], { encoding: 'utf8' }));
}
