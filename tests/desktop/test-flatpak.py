#!/usr/bin/env python3
# The Flatpak manifest, as far as it can be checked without building it (that needs
# the GNOME runtime and the network): flatpak-builder reads it without a warning;
# it has the application id and command of the desktop entry; its sandbox holds no
# permission beyond the ones Parlo needs; every source is pinned; and baresip is
# built with every module Parlo's engine loads, where Parlo is told to find them.
#
# Usage: test-flatpak.py SOURCE_ROOT APP_ID
#
# SPDX-License-Identifier: GPL-3.0-or-later

import configparser
import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tempfile

source_root, app_id = sys.argv[1:3]
manifest_path = os.path.join(source_root, "flatpak", app_id + ".json")

# What Parlo needs: SIP and RTP, sound, a display, the keyring for passwords.
# Notifications and running in the background go through portals, which need
# no permission.
ALLOWED = {
    "--share=network", "--share=ipc", "--socket=wayland", "--socket=fallback-x11",
    "--socket=pulseaudio", "--talk-name=org.freedesktop.secrets",
}
# The upstream releases Parlo is written against.
RELEASES = {
    "libre": ("https://github.com/baresip/re.git", "v1.1.0"),
    "librem": ("https://github.com/baresip/rem.git", "v0.6.0"),
    "baresip": ("https://github.com/baresip/baresip.git", "v1.0.0"),
}

results = []


def check(name):
    def run(function):
        try:
            function()
            results.append((True, name, ""))
        except AssertionError as error:
            results.append((False, name, str(error)))
        except (KeyError, TypeError, ValueError) as error:
            results.append((False, name, f"{type(error).__name__}: {error}"))
        return function
    return run


with open(manifest_path, encoding="utf-8") as file:
    manifest = json.load(file)
modules = {module.get("name"): module for module in manifest.get("modules", [])}


def desktop_entry():
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str
    parser.read(os.path.join(source_root, "data", app_id + ".desktop.in.in"), encoding="utf-8")
    return parser["Desktop Entry"]


def make_variables(command):
    """The VAR=value arguments of a make command line."""
    return dict(word.split("=", 1) for word in shlex.split(command)[1:] if re.match(r"^[A-Z_]+=", word))


@check("flatpak-builder reads the manifest without a warning")
def _():
    builder = shutil.which("flatpak-builder")
    assert builder, "flatpak-builder is not installed"
    # In a directory of its own: flatpak-builder leaves its state directory behind.
    with tempfile.TemporaryDirectory() as directory:
        done = subprocess.run([builder, "--show-manifest", manifest_path], cwd=directory,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert done.returncode == 0 and not done.stderr.strip(), done.stderr
    assert json.loads(done.stdout)["id"] == app_id


@check("the manifest has the application id and the command of the desktop entry")
def _():
    assert manifest["id"] == app_id, f"id is {manifest['id']}"
    command = desktop_entry()["Exec"].split()[0]
    assert manifest["command"] == command, f"command is {manifest['command']}, the desktop entry runs {command}"
    assert os.path.isfile(os.path.join(source_root, "data", app_id + ".metainfo.xml.in"))


@check("the runtime is the GNOME platform, with its SDK of the same version")
def _():
    assert manifest["runtime"] == "org.gnome.Platform" and manifest["sdk"] == "org.gnome.Sdk"
    assert re.fullmatch(r"\d+", str(manifest["runtime-version"])), manifest["runtime-version"]


@check("the sandbox holds only network, sound, display, IPC and the keyring")
def _():
    finish_args = manifest.get("finish-args", [])
    extra = [arg for arg in finish_args if arg not in ALLOWED]
    assert not extra, f"permissions beyond what Parlo needs: {extra}"
    missing = sorted(ALLOWED - set(finish_args))
    assert not missing, f"permissions Parlo needs are missing: {missing}"
    for module in manifest["modules"]:
        assert "finish-args" not in module.get("build-options", {}), module["name"]


@check("every source is pinned: git by commit, archives by sha256")
def _():
    problems = []
    for module in manifest["modules"]:
        name = module["name"]
        if not module.get("sources"):
            problems.append(f"{name} has no sources")
        for source in module.get("sources", []):
            kind = source.get("type")
            if kind == "git":
                if not source.get("url", "").startswith("https://"):
                    problems.append(f"{name}: git url {source.get('url')} is not https")
                if not re.fullmatch(r"[0-9a-f]{40}", source.get("commit", "")):
                    problems.append(f"{name}: git source has no full commit id")
                if "branch" in source:
                    problems.append(f"{name}: git source follows a branch")
            elif kind in ("archive", "file"):
                if not source.get("url", "").startswith("https://"):
                    problems.append(f"{name}: {kind} url is not https")
                if not re.fullmatch(r"[0-9a-f]{64}", source.get("sha256", "")):
                    problems.append(f"{name}: {kind} has no sha256")
            elif kind == "dir":
                # Only Parlo itself is built from this tree.
                path = os.path.normpath(os.path.join(os.path.dirname(manifest_path), source.get("path", "")))
                if name != "parlo" or path != os.path.normpath(source_root):
                    problems.append(f"{name}: a dir source other than Parlo's own tree")
            else:
                problems.append(f"{name}: source of type {kind}")
    assert not problems, "\n".join(problems)


@check("libre 1.1.0, librem 0.6.0 and baresip 1.0.0 come from their upstream release tags")
def _():
    for name, (url, tag) in RELEASES.items():
        assert name in modules, f"no module {name}"
        source = modules[name]["sources"][0]
        assert source.get("url") == url and source.get("tag") == tag, \
            f"{name} is built from {source.get('url')} {source.get('tag')}, not {url} {tag}"
    order = [module["name"] for module in manifest["modules"]]
    assert order.index("libre") < order.index("librem") < order.index("baresip") < order.index("parlo"), order
    assert order[-1] == "parlo", "Parlo is not the last module"


@check("baresip is built with every module the engine loads, where Parlo looks for them")
def _():
    with open(os.path.join(source_root, "src", "engine", "parlo-engine-config.c"), encoding="utf-8") as file:
        engine = file.read()
    loaded = set()
    for array in re.findall(r"static const char \* const \w+_modules\[\] = \{(.*?)\};", engine, re.S):
        loaded |= {name[:-3] for name in re.findall(r'"([\w]+\.so)"', array)}
    assert {"pulse", "g711"} <= loaded, f"could not read the engine's modules: {loaded}"
    build, install = modules["baresip"]["build-commands"]
    for command in (build, install):
        variables = make_variables(command)
        built = set(variables.get("MODULES", "").split())
        assert loaded <= built, f"baresip is built without {sorted(loaded - built)}"
        assert variables.get("PREFIX") == "/app", command
    assert install.split()[-1] == "install", install
    options = dict(option.split("=", 1) for option in modules["parlo"].get("config-opts", [])
                   if option.startswith("-D"))
    # baresip's Makefile puts modules in PREFIX/lib/baresip/modules, sounds in PREFIX/share/baresip.
    assert options.get("-Dbaresip_module_dir") == "/app/lib/baresip/modules", options
    assert options.get("-Dbaresip_share_dir") == "/app/share/baresip", options
    with open(os.path.join(source_root, "meson_options.txt"), encoding="utf-8") as file:
        known = set(re.findall(r"option\('([\w-]+)'", file.read()))
    unknown = [option for option in options if option[2:] not in known]
    assert not unknown, f"Parlo has no options {unknown}"


@check("librem and baresip are built against the libre of the manifest")
def _():
    for name in ("librem", "baresip"):
        for command in modules[name]["build-commands"]:
            variables = make_variables(command)
            assert variables.get("LIBRE_MK") == "/app/share/re/re.mk", command
            assert variables.get("LIBRE_INC") == "/app/include/re", command
            assert variables.get("LIBRE_SO") == "/app/lib", command
    for command in modules["libre"]["build-commands"]:
        assert make_variables(command).get("PREFIX") == "/app", command


print(f"1..{len(results)}")
for number, (ok, name, message) in enumerate(results, 1):
    print(f"{'ok' if ok else 'not ok'} {number} - {name}")
    for line in message.splitlines():
        print("# " + line)
sys.exit(0 if all(ok for ok, _, _ in results) else 1)
