#!/usr/bin/env python3
# Translations: po/POTFILES names every file with translatable strings and nothing
# that is gone; every language in po/LINGUAS translates every string of the
# current sources, none of them fuzzy, with format strings that match.
#
# The template is made afresh from the sources, as `meson compile parlo-pot` would
# (the same xgettext arguments: meson's "glib" preset), in a temporary directory,
# and merged into a copy of each translation: a string added to the sources
# fails this test until it is translated.
#
# Usage: test-translations.py SOURCE_ROOT
#
# SPDX-License-Identifier: GPL-3.0-or-later

import glob
import os
import re
import subprocess
import sys
import tempfile

source_root = sys.argv[1]
po_dir = os.path.join(source_root, "po")

XGETTEXT_ARGS = [
    "--package-name=parlo", "--from-code=UTF-8", "--add-comments",
    "--keyword=_", "--keyword=N_", "--keyword=C_:1c,2", "--keyword=NC_:1c,2",
    "--keyword=g_dcgettext:2", "--keyword=g_dngettext:2,3", "--keyword=g_dpgettext2:2c,3",
    "--flag=N_:1:pass-c-format", "--flag=C_:2:pass-c-format", "--flag=NC_:2:pass-c-format",
    "--flag=g_dngettext:2:pass-c-format", "--flag=g_strdup_printf:1:c-format",
    "--flag=g_string_printf:2:c-format", "--flag=g_string_append_printf:2:c-format",
    "--flag=g_error_new:3:c-format", "--flag=g_set_error:4:c-format",
    "--flag=g_markup_printf_escaped:1:c-format", "--flag=g_log:3:c-format",
    "--flag=g_print:1:c-format", "--flag=g_printerr:1:c-format", "--flag=g_printf:1:c-format",
    "--flag=g_fprintf:2:c-format", "--flag=g_sprintf:2:c-format", "--flag=g_snprintf:3:c-format",
]

# What marks a string for translation in each kind of file.
CODE_MARK = re.compile(
    r'(?<![A-Za-z0-9_])(?:_|N_|C_|NC_|Q_)\s*\(\s*"'
    r'|(?<![A-Za-z0-9_])(?:n?gettext|g_dn?gettext|g_dc?gettext|g_dpgettext2?)\s*\(')
UI_MARK = re.compile(r'translatable="(?:yes|true|1)"')
DESKTOP_MARK = re.compile(r"^(?:Name|GenericName|Comment|Keywords)=", re.MULTILINE)
XML_MARK = re.compile(r"<(?:summary|description|name|caption|keyword)[\s>]")

results = []


def report(ok, name, lines=()):
    results.append((ok, name, list(lines)))


def run(*argv, cwd=None):
    done = subprocess.run(argv, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    return done.returncode, done.stdout, done.stderr


def translatable(path):
    with open(os.path.join(source_root, path), encoding="utf-8", errors="replace") as file:
        text = file.read()
    if path.endswith((".c", ".h")):
        return CODE_MARK.search(text) is not None
    if path.endswith(".ui"):
        return UI_MARK.search(text) is not None
    if ".desktop.in" in path:
        return DESKTOP_MARK.search(text) is not None
    if ".xml.in" in path:
        return XML_MARK.search(text) is not None
    return False


def msgids(po_text):
    """The msgids of a PO file's entries, the header left out."""
    found = []
    for block in po_text.split("\n\n"):
        match = re.search(r'^msgid ((?:".*"\n?)+)', block, re.MULTILINE)
        if match:
            msgid = "".join(re.findall(r'"(.*)"', match.group(1)))
            if msgid:
                found.append(msgid)
    return found


def listed_files():
    with open(os.path.join(po_dir, "POTFILES"), encoding="utf-8") as file:
        return [line.strip() for line in file if line.strip() and not line.startswith("#")]


listed = listed_files()
candidates = set()
for pattern in ("src/**/*.c", "src/**/*.h", "src/**/*.ui", "data/*.in"):
    for path in glob.glob(os.path.join(source_root, pattern), recursive=True):
        candidates.add(os.path.relpath(path, source_root))

missing = sorted(path for path in candidates if path not in listed and translatable(path))
report(not missing, "po/POTFILES lists every file with translatable strings",
       ["not listed: " + path for path in missing])

gone = [path for path in listed if not os.path.isfile(os.path.join(source_root, path))]
report(not gone, "every file in po/POTFILES exists", ["no such file: " + path for path in gone])

untranslatable = [path for path in listed if path not in gone and not translatable(path)]
report(not untranslatable, "every file in po/POTFILES has translatable strings",
       ["nothing to translate: " + path for path in untranslatable])

with open(os.path.join(po_dir, "LINGUAS"), encoding="utf-8") as file:
    languages = [word for line in file if not line.startswith("#") for word in line.split()]

with tempfile.TemporaryDirectory() as temp:
    pot = os.path.join(temp, "parlo.pot")
    existing = [path for path in listed if path not in gone]
    with open(os.path.join(temp, "POTFILES"), "w", encoding="utf-8") as file:
        file.write("\n".join(existing) + "\n")
    status, out, err = run("xgettext", *XGETTEXT_ARGS, "-D", source_root,
                           "-f", os.path.join(temp, "POTFILES"), "-o", pot)
    report(status == 0, "xgettext makes a template from po/POTFILES", err.splitlines())

    for language in languages:
        po = os.path.join(po_dir, language + ".po")
        name = f"{language}.po translates every string of the sources"
        if status != 0 or not os.path.isfile(po):
            report(False, name, [f"no template or no {po}"])
            continue
        merged = os.path.join(temp, language + ".po")
        code, _, merge_err = run("msgmerge", "--quiet", "--no-fuzzy-matching", "-o", merged, po, pot)
        if code != 0:
            report(False, name, merge_err.splitlines())
            continue
        problems = []
        for option, what in (("--untranslated", "untranslated"), ("--only-fuzzy", "fuzzy")):
            _, text, _ = run("msgattrib", option, "--no-obsolete", "--no-wrap", merged)
            for msgid in msgids(text):
                problems.append(f"{what}: {msgid}")
        code, _, check_err = run("msgfmt", "--check", "--statistics", "-o", os.devnull, merged)
        if code != 0:
            problems += check_err.splitlines()
        report(not problems, name, problems)
        # The translation as it is in the tree also compiles cleanly on its own.
        code, _, check_err = run("msgfmt", "--check", "-o", os.devnull, po)
        report(code == 0, f"{language}.po passes msgfmt --check", check_err.splitlines())

print(f"1..{len(results)}")
for number, (ok, name, lines) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {number} - {name}")
    for line in lines:
        print("# " + line)
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
