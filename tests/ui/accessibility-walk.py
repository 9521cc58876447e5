#!/usr/bin/python3
# accessibility-walk.py — what a screen reader finds in one process's windows
#
# Reads the AT-SPI tree of the process PID, as Orca does, and prints one line
# per fact, its fields separated by tabs:
#
#   control ROLE NAME STATES   an interactive accessible on screen
#   focused ROLE NAME          the accessible with the keyboard focus
#   problem TEXT               a control a screen reader cannot name well
#
# A control's problem is an empty name, a name that says itself twice ("Use
# ICE ICE", "_Add Add"), or one that is a widget class or an icon name rather
# than words.
#
# With --follow-focus it walks nothing: it prints "ready" once it listens, then
# a "focused" line each time AT-SPI reports that something took the focus, until
# its input closes.
#
# The process serves AT-SPI from its main loop, so it must keep iterating it
# while this runs.
#
# SPDX-License-Identifier: GPL-3.0-or-later

import argparse
import re
import sys
import time

import pyatspi
from gi.repository import GLib

# Roles a person works; any other accessible counts too if it takes the focus.
INTERACTIVE_ROLES = {
    "push button", "toggle button", "check box", "radio button", "page tab",
    "entry", "password text", "combo box", "menu item", "slider",
    "spin button", "switch", "link",
}
# A screen reader presents these as one control: what is inside them (the
# label of a button, the current value of a combo box) is not a control.
WHOLE_CONTROLS = {
    "push button", "toggle button", "check box", "radio button", "page tab",
    "combo box", "menu item", "slider", "spin button", "switch", "link",
}
# GTK passes the focus on to what is in these; they take it themselves only
# when nothing in them can.
CONTAINERS = {"scroll pane", "list"}
WIDGET_CLASS = re.compile(r"^(Gtk|Adw|Parlo)[A-Z]")
ICON_NAME = re.compile(r"-symbolic$|^[a-z0-9]+(-[a-z0-9]+){2,}$")


def find_application(pid, timeout):
    deadline = time.monotonic() + timeout
    while True:
        desktop = pyatspi.Registry.getDesktop(0)
        for i in range(desktop.childCount):
            app = desktop.getChildAtIndex(i)
            try:
                if app is not None and app.get_process_id() == pid:
                    return app
            except GLib.Error:
                continue
        if time.monotonic() > deadline:
            sys.exit(f"No application with process id {pid} on the accessibility bus")
        time.sleep(0.1)


# A page hidden after it was shown keeps its last size: set each state up in a
# window that has not shown another.
def on_screen(accessible):
    try:
        extents = accessible.queryComponent().getExtents(pyatspi.WINDOW_COORDS)
    except NotImplementedError:
        return False
    return extents.width > 0 and extents.height > 0


def is_interactive(role, states):
    if role in INTERACTIVE_ROLES or states.contains(pyatspi.STATE_FOCUSABLE):
        return True
    return role == "text" and states.contains(pyatspi.STATE_EDITABLE)


def words(text):
    """The words of text as a screen reader says them: no mnemonic marks,
    no case, no punctuation around them."""
    return [w.replace("_", "").strip(",.:;!?").casefold() for w in text.split()]


def repeats_itself(name):
    """Whether name is a phrase followed by itself or by a variant of it:
    the same words, or the start or the end of them ("Use ICE ICE")."""
    w = words(name)
    for split in range(1, len(w)):
        first, second = w[:split], w[split:]
        shorter, longer = sorted((first, second), key=len)
        if longer[:len(shorter)] == shorter or longer[-len(shorter):] == shorter:
            return True
    return False


def name_problem(name):
    if name.strip() == "":
        return "has no name"
    if WIDGET_CLASS.match(name):
        return "is named after its widget class"
    if ICON_NAME.search(name):
        return "is named after its icon"
    if repeats_itself(name):
        return "says its name twice"
    return None


def state_names(states):
    return ",".join(pyatspi.stateToString(s).upper().replace(" ", "_")
                    for s in states.getStates())


def walk(accessible, path, out, inside_control):
    """Adds the facts about accessible and what it holds to out; returns
    whether any of it can take the focus."""
    try:
        role = accessible.getRoleName()
        name = accessible.name or ""
        states = accessible.getState()
    except GLib.Error:
        # Gone while we looked: a row recycled, a tooltip closed.
        return False
    # Where it is, by the ancestors that have a name: enough to find it.
    here = f"{path}{role} “{name}”"
    inner = f"{here} › " if name else path
    if states.contains(pyatspi.STATE_FOCUSED):
        out.append(("focused", role, name))
    position = len(out)
    holds_focusable = False
    for i in range(accessible.childCount):
        child = accessible.getChildAtIndex(i)
        if child is not None:
            holds_focusable |= walk(child, inner, out,
                                    inside_control or role in WHOLE_CONTROLS)
    counts = (not inside_control and is_interactive(role, states)
              and not (role in CONTAINERS and holds_focusable)
              and on_screen(accessible))
    if counts:
        facts = [("control", role, name, state_names(states))]
        problem = name_problem(name)
        if problem is not None:
            facts.append(("problem", f"{here} {problem}"))
        out[position:position] = facts
    return holds_focusable or states.contains(pyatspi.STATE_FOCUSABLE)


def print_tree(app):
    out = []
    # Every window the process shows: GTK 4.8 does not always mark a new
    # window as showing.
    for i in range(app.childCount):
        window = app.getChildAtIndex(i)
        if window is not None:
            walk(window, "", out, False)
    for line in out:
        print("\t".join(line))


def follow_focus(pid):
    def on_focus(event):
        try:
            if event.detail1 != 1 or event.source.get_process_id() != pid:
                return
            print("\t".join(("focused", event.source.getRoleName(), event.source.name or "")), flush=True)
        except GLib.Error:
            pass

    def on_input_closed(*args):
        pyatspi.Registry.stop()
        return GLib.SOURCE_REMOVE

    pyatspi.Registry.registerEventListener(on_focus, "object:state-changed:focused")
    GLib.io_add_watch(sys.stdin.fileno(), GLib.PRIORITY_DEFAULT, GLib.IO_IN | GLib.IO_HUP, on_input_closed)
    print("ready", flush=True)
    pyatspi.Registry.start()


def main():
    parser = argparse.ArgumentParser(description="What a screen reader finds in a process's windows")
    parser.add_argument("pid", type=int)
    parser.add_argument("--follow-focus", action="store_true")
    parser.add_argument("--timeout", type=float, default=10)
    args = parser.parse_args()

    app = find_application(args.pid, args.timeout)
    if args.follow_focus:
        follow_focus(args.pid)
    else:
        print_tree(app)


if __name__ == "__main__":
    main()
