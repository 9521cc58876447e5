#!/usr/bin/env python3
# `meson install` puts every file where a distribution package expects it, and the
# installed tree runs: the session bus starts it through its D-Bus service file as
# a desktop does for a DBusActivatable application, it opens its window, a second
# start hands over to it, and it quits when asked.
#
# The tree is installed with DESTDIR into a temporary directory. Paths compiled into
# the binary and written into the service file name the real prefix, so the run
# from the temporary tree is told where things are: PARLO_BRIDGE_MODULE_DIR points
# at the installed bridge module, GSETTINGS_SCHEMA_DIR at the installed schemas
# (compiled here, as a package's trigger would), and the bus reads a copy of the
# installed service file whose Exec names the binary under DESTDIR. Translations
# are read from the real prefix only, so they are checked as files.
#
# Usage: test-install.py MESON BUILD_ROOT PREFIX BINDIR MODULE_DIR DATADIR LOCALEDIR APP_ID VERSION
#
# SPDX-License-Identifier: GPL-3.0-or-later

import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

meson, build_root, prefix, bindir, module_dir, datadir, localedir, app_id, version = sys.argv[1:10]

results = []


def report(ok, name, lines=()):
    results.append((ok, name, [line for line in lines if line]))
    return ok


def finish():
    print(f"1..{len(results)}")
    for number, (ok, name, lines) in enumerate(results, 1):
        directive = " # SKIP" if ok is None else ""
        print(f"{'not ok' if ok is False else 'ok'} {number} - {name}{directive}")
        for line in lines if ok is not True else []:
            print("# " + line)
    sys.exit(0 if all(ok is not False for ok, _, _ in results) else 1)


def under(root, path):
    """An absolute install path, inside DESTDIR root."""
    return os.path.join(root, os.path.relpath(os.path.join(prefix, path), "/"))


def wait_for(condition, seconds):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return condition()


temp = tempfile.mkdtemp(prefix="parlo-install-")
destdir = os.path.join(temp, "root")
bus = None
try:
    done = subprocess.run([meson, "install", "-C", build_root, "--no-rebuild", "--quiet",
                           "--destdir", destdir],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    if not report(done.returncode == 0, "meson install --destdir succeeds", done.stdout.splitlines()[-20:]):
        finish()

    expected = {
        "the program": os.path.join(bindir, "parlo"),
        "the bridge module, where the program looks for it": os.path.join(module_dir, "parlo_bridge.so"),
        "the desktop entry": os.path.join(datadir, "applications", app_id + ".desktop"),
        "the metainfo": os.path.join(datadir, "metainfo", app_id + ".metainfo.xml"),
        "the settings schema": os.path.join(datadir, "glib-2.0", "schemas", app_id + ".gschema.xml"),
        "the colour icon": os.path.join(datadir, "icons", "hicolor", "scalable", "apps", app_id + ".svg"),
        "the symbolic icon": os.path.join(datadir, "icons", "hicolor", "symbolic", "apps",
                                          app_id + "-symbolic.svg"),
        "the D-Bus service": os.path.join(datadir, "dbus-1", "services", app_id + ".service"),
        "the German translation": os.path.join(localedir, "de", "LC_MESSAGES", "parlo.mo"),
        "the French translation": os.path.join(localedir, "fr", "LC_MESSAGES", "parlo.mo"),
    }
    for what, path in expected.items():
        report(os.path.isfile(under(destdir, path)), f"{what} is installed as {os.path.join(prefix, path)}")
    report(os.access(under(destdir, expected["the program"]), os.X_OK), "the program is executable")

    for language, word in (("de", "Anrufe"), ("fr", "Appels")):
        mo = under(destdir, os.path.join(localedir, language, "LC_MESSAGES", "parlo.mo"))
        text = subprocess.run(["msgunfmt", mo], stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                              text=True).stdout if os.path.isfile(mo) else ""
        report(f'msgstr "{word}"' in text, f"the installed {language} catalogue translates “Calls”")

    installed_desktop = under(destdir, expected["the desktop entry"])
    done = subprocess.run(["desktop-file-validate", installed_desktop],
                          stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    report(done.returncode == 0 and not done.stdout.strip(), "the installed desktop entry validates",
           done.stdout.splitlines())

    parlo = under(destdir, expected["the program"])
    schemas = os.path.dirname(under(destdir, expected["the settings schema"]))
    subprocess.run(["glib-compile-schemas", "--strict", schemas], check=True)

    home = os.path.join(temp, "home")
    for sub in ("", "config", "data", "cache", "state", "runtime"):
        os.makedirs(os.path.join(home, sub), mode=0o700, exist_ok=True)
    env = {key: value for key, value in os.environ.items()
           if key not in ("PARLO_BRIDGE_MODULE_DIR", "GSETTINGS_SCHEMA_DIR", "G_DEBUG", "DBUS_SESSION_BUS_ADDRESS")}
    env.update({
        "HOME": home,
        "XDG_CONFIG_HOME": os.path.join(home, "config"),
        "XDG_DATA_HOME": os.path.join(home, "data"),
        "XDG_CACHE_HOME": os.path.join(home, "cache"),
        "XDG_STATE_HOME": os.path.join(home, "state"),
        "XDG_RUNTIME_DIR": os.path.join(home, "runtime"),
        "XDG_DATA_DIRS": under(destdir, datadir) + ":/usr/local/share:/usr/share",
        "GSETTINGS_SCHEMA_DIR": schemas,
        "GSETTINGS_BACKEND": "memory",
        "PARLO_BRIDGE_MODULE_DIR": os.path.dirname(under(destdir, expected["the bridge module, where the program looks for it"])),
        "PARLO_SIP_LISTEN": "127.0.0.1:0",
        "NO_AT_BRIDGE": "1",
        "GTK_A11Y": "none",
    })

    done = subprocess.run([parlo, "--help-all"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=30)
    report(done.returncode == 0 and "--gapplication-service" in done.stdout,
           "the installed program runs and offers --gapplication-service", done.stdout.splitlines()[-10:])
    if "--version" in done.stdout:
        done = subprocess.run([parlo, "--version"], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                              text=True, timeout=30)
        report(done.returncode == 0 and version in done.stdout,
               f"parlo --version prints {version}", done.stdout.splitlines())
    else:
        report(None, "parlo --version prints the version", ["the program has no --version option yet"])

    if not os.environ.get("DISPLAY") and not os.environ.get("WAYLAND_DISPLAY"):
        report(None, "the installed program starts through D-Bus activation", ["no display to open a window on"])
        finish()

    # A session bus of our own: it finds the service file, and no other Parlo is on it.
    services = os.path.join(temp, "services")
    os.makedirs(services)
    with open(under(destdir, expected["the D-Bus service"]), encoding="utf-8") as file:
        service = file.read()
    installed_exec = os.path.join(prefix, bindir, "parlo")
    report(f"Exec={installed_exec} --gapplication-service" in service,
           f"the service file starts {installed_exec} --gapplication-service")
    with open(os.path.join(services, app_id + ".service"), "w", encoding="utf-8") as file:
        file.write(service.replace(f"Exec={installed_exec} ", f"Exec={parlo} "))
    config = os.path.join(temp, "bus.conf")
    with open(config, "w", encoding="utf-8") as file:
        file.write(f"""<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>session</type>
  <listen>unix:path={temp}/bus</listen>
  <auth>EXTERNAL</auth>
  <servicedir>{services}</servicedir>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
""")
    bus_log = open(os.path.join(temp, "bus.log"), "w+", encoding="utf-8")

    def bus_output():
        bus_log.seek(0)
        return [line for line in bus_log.read().splitlines()
                if "Failed to set fd limit" not in line][-30:]

    # Programs the bus starts write to its output: the log holds what Parlo said.
    bus = subprocess.Popen(["dbus-daemon", "--config-file=" + config, "--nofork"],
                           env=env, stdout=bus_log, stderr=subprocess.STDOUT, start_new_session=True)
    env["DBUS_SESSION_BUS_ADDRESS"] = f"unix:path={temp}/bus"
    report(wait_for(lambda: os.path.exists(f"{temp}/bus"), 10), "a private session bus starts", bus_output())

    def gdbus(*args, timeout=30):
        return subprocess.run(["gdbus", "call", "--session", *args], env=env, stdout=subprocess.PIPE,
                              stderr=subprocess.STDOUT, text=True, timeout=timeout)

    def owned():
        done = gdbus("--dest", "org.freedesktop.DBus", "--object-path", "/org/freedesktop/DBus",
                     "--method", "org.freedesktop.DBus.NameHasOwner", app_id)
        return "true" in done.stdout

    def window_open():
        done = subprocess.run(["gdbus", "introspect", "--session", "--dest", app_id, "--object-path",
                               "/" + app_id.replace(".", "/") + "/window"], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, timeout=30)
        return done.returncode == 0 and "node 1 " in done.stdout

    def parlo_pid():
        done = gdbus("--dest", "org.freedesktop.DBus", "--object-path", "/org/freedesktop/DBus",
                     "--method", "org.freedesktop.DBus.GetConnectionUnixProcessID", app_id)
        words = done.stdout.replace("(", " ").replace(",", " ").split()
        return int(words[1]) if done.returncode == 0 and len(words) > 1 else None

    def engines(parent):
        """The baresip processes a process started, with the -f directory of each."""
        found = []
        for entry in os.listdir("/proc"):
            try:
                with open(f"/proc/{entry}/stat", encoding="utf-8") as file:
                    stat = file.read()
                with open(f"/proc/{entry}/cmdline", "rb") as file:
                    argv = file.read().decode(errors="replace").split("\0")
            except (OSError, ValueError):
                continue
            ppid = int(stat.rsplit(")", 1)[1].split()[1])
            if ppid == parent and os.path.basename(argv[0]) == "baresip" and "-f" in argv:
                found.append(argv[argv.index("-f") + 1])
        return found

    object_path = "/" + app_id.replace(".", "/")
    done = gdbus("--dest", app_id, "--object-path", object_path,
                 "--method", "org.freedesktop.Application.Activate", "{}", timeout=60)
    report(done.returncode == 0, "the bus starts the installed program from its service file, "
           "as a desktop does with DBusActivatable=true", done.stdout.splitlines() + bus_output())
    report(wait_for(window_open, 30), "it opens its window", bus_output())
    time.sleep(3)
    report(owned() and window_open(), "it is still running and registered 3 s later", bus_output())

    pid = parlo_pid()
    wait_for(lambda: pid is not None and engines(pid), 20)
    directories = engines(pid) if pid is not None else []
    bridge = os.path.join(directories[0], "modules", "parlo_bridge.so") if directories else ""
    report(bool(directories) and os.path.realpath(bridge).startswith(destdir + os.sep),
           "its engine runs with the installed bridge module",
           [f"engine directories: {directories}", f"{bridge} -> {os.path.realpath(bridge) if bridge else ''}"]
           + bus_output())

    # A second start, as from a launcher without D-Bus activation: hands over and exits.
    done = subprocess.run([parlo], env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True, timeout=30)
    report(done.returncode == 0 and owned(), "a second start hands over to the running one and exits",
           done.stdout.splitlines())

    done = gdbus("--dest", app_id, "--object-path", object_path,
                 "--method", "org.freedesktop.Application.ActivateAction", "quit", "[]", "{}")
    report(done.returncode == 0 and wait_for(lambda: not owned(), 20), "it quits when asked",
           done.stdout.splitlines() + bus_output())
    if pid is not None:
        report(wait_for(lambda: not os.path.exists(f"/proc/{pid}") and not engines(pid), 10),
               "its engine ends with it")
    critical = [line for line in bus_output() if "CRITICAL" in line]
    report(not critical, "it logged no critical warnings", critical)
finally:
    if bus is not None:
        os.killpg(bus.pid, signal.SIGTERM)
        bus.wait()
    shutil.rmtree(temp, ignore_errors=True)

finish()
