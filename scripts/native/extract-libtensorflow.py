"""Extracts what the tfjs-node binding needs from a tensorflow-cpu wheel into tfjs-node's deps/.

Usage: extract-libtensorflow.py WHEEL DEPS_DIR HEADER...

- deps/lib: libtensorflow_cc.so.2 (the TF C API, no Python symbols) and libtensorflow_framework.so.2
- deps/include: the given headers and every header they include, followed through the wheel's
  include tree (so the tsl platform headers come along without listing them by hand)
- deps/LICENSE: the wheel's licence
Prints one JSON line: the files written and any quoted include not found in the wheel.
"""
import json
import os
import re
import shutil
import sys
import zipfile

INCLUDE_ROOT = "tensorflow/include/"
LIBS = ["tensorflow/libtensorflow_cc.so.2", "tensorflow/libtensorflow_framework.so.2"]
QUOTED_INCLUDE = re.compile(rb'^\s*#\s*include\s+"([^"]+)"', re.MULTILINE)


def extract(wheel, deps, headers):
    written, missing = [], []
    with zipfile.ZipFile(wheel) as z:
        names = set(z.namelist())
        licence = next(n for n in names if n.endswith(".dist-info/LICENSE"))
        for member, target in [(m, os.path.join("lib", os.path.basename(m))) for m in LIBS] + [
            (licence, "LICENSE")
        ]:
            copy(z, member, os.path.join(deps, target))
            written.append(target)
        todo, seen = list(headers), set()
        while todo:
            header = todo.pop()
            if header in seen:
                continue
            seen.add(header)
            member = INCLUDE_ROOT + header
            if member not in names:
                missing.append(header)
                continue
            copy(z, member, os.path.join(deps, "include", header))
            written.append("include/" + header)
            todo.extend(m.decode() for m in QUOTED_INCLUDE.findall(z.read(member)))
    return {"written": len(written), "headers": len(seen) - len(missing), "missing": sorted(missing)}


def copy(z, member, target):
    os.makedirs(os.path.dirname(target), exist_ok=True)
    tmp = target + ".part"
    with z.open(member) as src, open(tmp, "wb") as dst:
        shutil.copyfileobj(src, dst, 1 << 20)
    os.replace(tmp, target)  # a half-written library never sits under its real name


if __name__ == "__main__":
    print(json.dumps(extract(sys.argv[1], sys.argv[2], sys.argv[3:])))
