// Stage 2, JavaScript (node): URLSearchParams (the WHATWG form serializer: spaces as `+`)
// and encodeURIComponent of each name and value; both UTF-8 only.
//
//     node encode.js <case>...
//
// Writes <case>/js-urlsearchparams.txt and <case>/js-encodeuricomponent.txt for UTF-8 cases.
const fs = require("fs");
for (const c of process.argv.slice(2)) {
  const pairs = fs.readFileSync(`${c}/params.tsv`, "utf8").split("\n").filter(Boolean)
    .map((line) => { const at = line.indexOf("\t"); return [line.slice(0, at), line.slice(at + 1)]; });
  if (new Map(pairs).get("_input_charset") !== "UTF-8") continue;
  const out = {
    "js-urlsearchparams": new URLSearchParams(pairs).toString(),
    "js-encodeuricomponent": pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join("&"),
  };
  for (const [name, text] of Object.entries(out)) {
    fs.writeFileSync(`${c}/${name}.txt`, text);
    console.log(`wrote ${c}/${name}.txt`);
  }
}
