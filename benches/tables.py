#!/usr/bin/env python3
"""Print the markdown tables for the results that benches/run.sh wrote."""

import json
import os
import statistics
import sys

MODULES = [
    ("m1k_20", "1,000 lines, ~20 findings"),
    ("m10k_20", "10,000 lines, ~20 findings"),
    ("m10k_1000", "10,000 lines, ~1,000 findings"),
    ("m100k_20", "100,000 lines, ~20 findings"),
]


def load(path):
    try:
        with open(path, encoding="utf-8") as handle:
            return json.load(handle)
    except (OSError, ValueError):
        return None


def f(value, digits=2):
    return "—" if value is None else f"{value:.{digits}f}"


def ratio(a, b):
    if a is None or b is None or a == 0:
        return "—"
    return f"{b / a:.1f}×"


def latency(results):
    print("### Editor latency: one-character didChange → publishDiagnostics (ms)\n")
    print("| module | server | diags | payload | first byte p50 | p90 | p99 | parsed p50 | p90 | p99 | ruff/flaskguard p50 (first byte) |")
    print("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|")
    for key, name in MODULES:
        fg = load(os.path.join(results, f"latency_flaskguard_{key}.json"))
        before = load(os.path.join(results, f"latency_flaskguard-before_{key}.json"))
        ruff = load(os.path.join(results, f"latency_ruff_{key}.json"))
        rows = [("flaskguard", fg), ("ruff server", ruff)]
        if before:
            rows.insert(0, ("flaskguard before", before))
        for label, data in rows:
            if not data:
                print(f"| {name} | {label} | failed | | | | | | | | |")
                continue
            fb, pa = data["first_byte_ms"], data["parsed_ms"]
            r = ratio(data["first_byte_ms"]["p50"], ruff["first_byte_ms"]["p50"]) if ruff and label != "ruff server" else ""
            print(
                f"| {name} | {label} | {data['diagnostics_per_edit']} | {data['payload_bytes'] / 1024:.0f} KiB "
                f"| {f(fb['p50'])} | {f(fb['p90'])} | {f(fb['p99'])} "
                f"| {f(pa['p50'])} | {f(pa['p90'])} | {f(pa['p99'])} | {r} |"
            )
    print()


def startup(results):
    print("### First diagnostics after start, 1,000-line module (ms, median of 10 starts)\n")
    print("| server | spawn → diagnostics p50 | max | didOpen → diagnostics p50 | max |")
    print("|---|---:|---:|---:|---:|")
    for label in ("flaskguard-before", "flaskguard", "ruff"):
        data = load(os.path.join(results, f"startup_{label}.json"))
        if not data:
            continue
        s, o = data["spawn_to_diagnostics_ms"], data["open_to_diagnostics_ms"]
        print(f"| {label} | {f(s['p50'])} | {f(s['max'])} | {f(o['p50'])} | {f(o['max'])} |")
    print()


def memory(results):
    print("### Memory: 100 open 10,000-line documents (RSS of the server process)\n")
    print("| server | RSS after initialize | RSS after 100 didOpen | difference | text opened | difference − text | per document | time to open all |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    for label in ("flaskguard-before", "flaskguard", "ruff"):
        d = load(os.path.join(results, f"memory_{label}.json"))
        if not d:
            continue
        mib = lambda kib: kib / 1024
        print(
            f"| {label} | {mib(d['rss_before_kib']):.1f} MiB | {mib(d['rss_after_kib']):.1f} MiB "
            f"| {mib(d['rss_delta_kib']):.1f} MiB | {d['text_bytes'] / 1048576:.1f} MiB "
            f"| {mib(d['rss_delta_minus_text_kib']):.1f} MiB | {mib(d['rss_delta_kib']) / d['docs']:.2f} MiB "
            f"| {d['open_all_ms'] / 1000:.1f} s |"
        )
    print()


def hyper(path):
    data = load(path)
    if not data:
        return {}
    return {r["command"]: r for r in data["results"]}


def checks(results):
    print("### Checker: one file per run (hyperfine, wall ms, median)\n")
    print("| module | bytes | flaskguard before | flaskguard | ruff | ruff/flaskguard | flaskguard MB/s | ruff MB/s |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|")
    modules = os.path.join(os.path.dirname(results.rstrip("/")), "modules")
    for key, name in MODULES:
        runs = hyper(os.path.join(results, f"check_{key}.json"))
        if not runs:
            continue
        size = os.path.getsize(os.path.join(modules, f"{key}.py"))
        fg, ruff = runs["flaskguard"]["median"], runs["ruff"]["median"]
        before = runs.get("flaskguard-before", {}).get("median")
        before = "—" if before is None else f"{before * 1000:.1f}"
        print(
            f"| {name} | {size:,} | {before} | {fg * 1000:.1f} | {ruff * 1000:.1f} | {ruff / fg:.2f}× "
            f"| {size / fg / 1e6:.1f} | {size / ruff / 1e6:.1f} |"
        )
    print()
    stdlib(results)
    tree(results)


def stdlib(results):
    runs = hyper(os.path.join(results, "check_stdlib.json"))
    runs.update(hyper(os.path.join(results, "check_stdlib_slow.json")))
    if not runs:
        return
    print("### Checker: CPython standard library (.py files, without site-packages)\n")
    info = read_info(os.path.join(results, "stdlib.txt"))
    if info:
        print(f"{info.get('files')} files, {int(info.get('bytes', 0)) / 1e6:.1f} MB, {int(info.get('lines', 0)):,} lines.\n")
    tree_table(runs)


def tree(results):
    runs = hyper(os.path.join(results, "check_tree.json"))
    if not runs:
        return
    info = read_info(os.path.join(results, "tree.txt"))
    print(f"### Checker: {info.get('tree', 'TREE_EXTRA')}\n")
    if info:
        print(f"{info.get('files')} files, {int(info.get('bytes', 0)) / 1e6:.1f} MB.\n")
    tree_table(runs)


def read_info(path):
    """The `key: value` lines run.sh wrote about a tree, as a dict (empty if missing)."""
    info = {}
    try:
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                k, _, v = line.partition(":")
                info[k.strip()] = v.strip()
    except OSError:
        pass
    return info


def tree_table(runs):
    """One row per tool: wall times, mean user CPU, and the ratio to flaskguard's time."""
    print("| tool | runs | median s | min s | max s | user s (mean) | × flaskguard's time |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    base = runs.get("flaskguard", {}).get("median")
    for name in ("flaskguard-before", "flaskguard", "ruff", "bandit", "detect-secrets"):
        r = runs.get(name)
        if not r:
            continue
        rel = f"{r['median'] / base:.1f}×" if base else "—"
        user = f"{r['user']:.3f}" if "user" in r else "—"
        print(
            f"| {name} | {len(r['times'])} | {r['median']:.3f} | {r['min']:.3f} | {r['max']:.3f} "
            f"| {user} | {rel} |"
        )
    print()


def main():
    results = sys.argv[1]
    try:
        with open(os.path.join(results, "machine.txt"), encoding="utf-8") as handle:
            print("```\n" + handle.read().strip() + "\n```\n")
    except OSError:
        pass
    latency(results)
    startup(results)
    memory(results)
    checks(results)


if __name__ == "__main__":
    main()
