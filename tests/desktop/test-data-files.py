#!/usr/bin/env python3
# The files a desktop reads: the validators of freedesktop.org, AppStream and GLib
# accept them, and they agree with each other and with the build.
#
# Usage: test-data-files.py SOURCE_ROOT BUILD_DATA_DIR APP_ID VERSION
#
# SPDX-License-Identifier: GPL-3.0-or-later

import configparser
import os
import re
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET

source_root, data_dir, app_id, version = sys.argv[1:5]
desktop = os.path.join(data_dir, app_id + ".desktop")
metainfo = os.path.join(data_dir, app_id + ".metainfo.xml")
schema = os.path.join(data_dir, app_id + ".gschema.xml")
service = os.path.join(data_dir, app_id + ".service")
icons = os.path.join(source_root, "data", "icons", "hicolor")

results = []


def check(name):
    """Runs the decorated function as one TAP test; an AssertionError fails it."""
    def run(function):
        try:
            function()
            results.append((True, name, ""))
        except AssertionError as error:
            results.append((False, name, str(error)))
        return function
    return run


def run_tool(*argv):
    done = subprocess.run(argv, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    assert done.returncode == 0, "{} failed ({}):\n{}".format(
        " ".join(argv), done.returncode, done.stdout)
    return done.stdout


def read_keyfile(path, group):
    parser = configparser.ConfigParser(interpolation=None, strict=True)
    parser.optionxform = str
    parser.read(path, encoding="utf-8")
    assert parser.has_section(group), f"{path} has no [{group}] group"
    return parser[group]


@check("desktop-file-validate accepts the desktop entry")
def _():
    output = run_tool("desktop-file-validate", desktop)
    assert output.strip() == "", "desktop-file-validate warns:\n" + output


@check("the desktop entry opens sip, sips, tel and callto links and is D-Bus activatable")
def _():
    entry = read_keyfile(desktop, "Desktop Entry")
    mime_types = set(filter(None, entry.get("MimeType", "").split(";")))
    wanted = {"x-scheme-handler/" + scheme for scheme in ("sip", "sips", "tel", "callto")}
    assert wanted <= mime_types, f"MimeType lacks {sorted(wanted - mime_types)}"
    assert entry.get("Exec") == "parlo %U", f"Exec is {entry.get('Exec')!r}"
    assert entry.get("DBusActivatable") == "true", "DBusActivatable is not true"
    assert entry.get("Icon") == app_id, f"Icon is {entry.get('Icon')!r}"


@check("the desktop entry is translated")
def _():
    entry = read_keyfile(desktop, "Desktop Entry")
    for key in ("Comment[de]", "Comment[fr]", "GenericName[de]", "GenericName[fr]"):
        assert key in entry, f"{key} is missing: the translations were not merged"


@check("the D-Bus service starts the installed binary as a GApplication service")
def _():
    entry = read_keyfile(service, "D-BUS Service")
    assert entry.get("Name") == app_id, f"Name is {entry.get('Name')!r}"
    exec_line = entry.get("Exec", "")
    binary, _, arguments = exec_line.partition(" ")
    assert os.path.isabs(binary) and os.path.basename(binary) == "parlo", \
        f"Exec does not start an absolute path to parlo: {exec_line!r}"
    assert arguments == "--gapplication-service", f"Exec is {exec_line!r}"


@check("appstreamcli validate --no-net accepts the metainfo")
def _():
    run_tool("appstreamcli", "validate", "--no-net", metainfo)


@check("the metainfo names the desktop entry, the binary, this version and screenshots that exist")
def _():
    component = ET.parse(metainfo).getroot()
    assert component.findtext("id") == app_id, "id differs from the application id"
    assert component.findtext("launchable[@type='desktop-id']") == app_id + ".desktop"
    assert component.findtext("provides/binary") == "parlo"
    releases = [release.get("version") for release in component.iter("release")]
    assert version in releases, f"no release {version} in {releases}"
    rating = component.find("content_rating")
    assert rating is not None and rating.get("type") == "oars-1.1", "no OARS 1.1 content rating"
    homepage = component.findtext("url[@type='homepage']")
    images = [image.text.strip() for image in component.iter("image")]
    assert images, "no screenshots"
    for image in images:
        match = re.fullmatch(r"https://raw\.githubusercontent\.com/([^/]+/[^/]+)/main/(.+)", image)
        assert match, f"screenshot {image} is not in the project's repository"
        assert homepage == "https://github.com/" + match.group(1), \
            f"screenshot {image} is not from the homepage's repository {homepage}"
        assert os.path.isfile(os.path.join(source_root, match.group(2))), \
            f"screenshot {match.group(2)} is not in the source tree"


@check("glib-compile-schemas --strict accepts the settings schema")
def _():
    with tempfile.TemporaryDirectory() as directory:
        with open(schema, "rb") as source, \
             open(os.path.join(directory, os.path.basename(schema)), "wb") as copy:
            copy.write(source.read())
        run_tool("glib-compile-schemas", "--strict", "--dry-run", directory)


@check("the colour icon is a 128 px SVG, the symbolic one a 16 px SVG in one colour")
def _():
    svg = "{http://www.w3.org/2000/svg}svg"
    full = ET.parse(os.path.join(icons, "scalable", "apps", app_id + ".svg")).getroot()
    assert full.tag == svg and full.get("viewBox") == "0 0 128 128", "scalable icon is not a 128 px SVG"
    symbolic_path = os.path.join(icons, "symbolic", "apps", app_id + "-symbolic.svg")
    symbolic = ET.parse(symbolic_path).getroot()
    assert symbolic.tag == svg and symbolic.get("viewBox") == "0 0 16 16", "symbolic icon is not a 16 px SVG"
    with open(symbolic_path, encoding="utf-8") as file:
        colours = set(re.findall(r"#[0-9a-fA-F]{3,6}\b", file.read()))
    assert colours <= {"#2e3436"}, f"symbolic icon uses {sorted(colours)}"


print(f"1..{len(results)}")
for number, (ok, name, message) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {number} - {name}")
    for line in message.splitlines():
        print("# " + line)
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
