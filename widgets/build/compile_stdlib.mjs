// Makes the standard library the browser's Python loads: only the modules that Pyodide's start-up
// and the course package import, compiled to bytecode by the pinned Pyodide itself, so Python
// doesn't compile them from source on every learner's first start.
// Usage: node compile_stdlib.mjs <pyodide folder> <course wheel> <output zip>
// Prints the names it kept as JSON. Run by widgets/build/stdlib.py, which caches the result.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";

const [folder, wheelPath, outputPath] = process.argv.slice(2);
const { loadPyodide } = await import(join(folder, "pyodide.mjs"));
const pyodide = await loadPyodide({ indexURL: folder, stdout: () => {}, stderr: (line) => console.error(line) });
// The same steps as the browser's worker, so whatever they import is kept.
pyodide.unpackArchive(new Uint8Array(readFileSync(wheelPath)), "wheel");
pyodide.pyimport("course.bridge").handle(JSON.stringify({ widget: "runtime", action: "hello" }));
pyodide.FS.writeFile("/tmp/stdlib.zip", new Uint8Array(readFileSync(join(folder, "python_stdlib.zip"))));
const kept = pyodide.runPython(`
import importlib, importlib.util, marshal, pkgutil, sys, zipfile
import course

for found in pkgutil.walk_packages(course.__path__, "course."):
    importlib.import_module(found.name)

STDLIB = "/lib/python%d%d.zip/" % sys.version_info[:2]
# Codecs are looked up by name at run time; keep the common ones, not all hundred.
CODECS = {"aliases", "ascii", "cp1252", "cp437", "latin_1", "utf_16", "utf_32", "utf_8", "utf_8_sig"}
used = set()
for module in list(sys.modules.values()):
    origin = getattr(getattr(module, "__spec__", None), "origin", None) or ""
    if origin.startswith(STDLIB):
        used.add(origin[len(STDLIB):])
packages = {name.split("/")[0] for name in used if "/" in name} - {"encodings"}

source = zipfile.ZipFile("/tmp/stdlib.zip")
wanted = sorted(
    name for name in source.namelist()
    if not name.endswith("/") and (
        name in used
        or name.split("/")[0] in packages
        or (name.startswith("encodings/") and name[len("encodings/"):].removesuffix(".py") in CODECS)
    )
)
with zipfile.ZipFile("/tmp/out.zip", "w", zipfile.ZIP_DEFLATED) as out:
    for name in wanted:
        data = source.read(name)
        info = zipfile.ZipInfo(name + "c" if name.endswith(".py") else name, date_time=(2020, 1, 1, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        if name.endswith(".py"):
            code = compile(data, STDLIB + name, "exec", dont_inherit=True)
            # An unchecked hash-based .pyc: used as is, never compared with a source file.
            data = importlib.util.MAGIC_NUMBER + (1).to_bytes(4, "little") + importlib.util.source_hash(data)
            data += marshal.dumps(code)
        out.writestr(info, data)
wanted
`).toJs();
writeFileSync(outputPath, pyodide.FS.readFile("/tmp/out.zip"));
process.stdout.write(JSON.stringify(kept));
