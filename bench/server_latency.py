#!/usr/bin/env python3
"""Latency of ``reportlint server``: from a change to its diagnostics, on a warm server.

Starts ``reportlint server`` as an editor does (stdio, JSON-RPC), opens a 5 KB and a 200 KB
report (bench/generate.py, fixed seed) and types into each: every keystroke is one
incremental ``didChange``, and the time to the ``publishDiagnostics`` of that version is
measured. Keystrokes are spaced so that each one is linted on its own. Then a burst of
keystrokes faster than the debounce shows that only the latest text is linted.

    python bench/server_latency.py                     # 30 keystrokes per size, debounce 100 ms
    python bench/server_latency.py --changes 50 --debounce 50

Prints p50/p95 of the latency measured at the client (it includes the debounce) and after
the debounce (latency minus debounce: the server's own time, pipe included).
"""
from __future__ import annotations

import argparse
import json
import os
import queue
import random
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
sys.path.insert(0, str(BENCH))
import generate  # noqa: E402


class Client:
    """A minimal LSP client over the server's pipes; notifications are queued with their arrival time."""

    def __init__(self, command: list[str], cwd: Path) -> None:
        self.process = subprocess.Popen(command, cwd=cwd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self.inbox: queue.Queue[tuple[float, dict[str, Any]]] = queue.Queue()
        self.next_id = 0
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        stream = self.process.stdout
        assert stream is not None
        while True:
            length = 0
            while True:
                line = stream.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self.inbox.put((time.perf_counter(), json.loads(stream.read(length))))

    def send(self, method: str, params: Any, request: bool = False) -> int | None:
        message: dict[str, Any] = {"jsonrpc": "2.0", "method": method, "params": params}
        ident = None
        if request:
            self.next_id += 1
            ident = message["id"] = self.next_id
        body = json.dumps(message).encode("utf-8")
        assert self.process.stdin is not None
        self.process.stdin.write(b"Content-Length: %d\r\n\r\n%s" % (len(body), body))
        self.process.stdin.flush()
        return ident

    def wait(self, match: Any, timeout: float = 120.0) -> tuple[float, dict[str, Any]]:
        deadline = time.perf_counter() + timeout
        while True:
            arrived, message = self.inbox.get(timeout=max(deadline - time.perf_counter(), 0.001))
            if match(message):
                return arrived, message

    def published(self, uri: str, version: int) -> Any:
        return lambda m: m.get("method") == "textDocument/publishDiagnostics" and m["params"]["uri"] == uri and m["params"].get("version") == version


def _report(size: int, seed: int = 7) -> str:
    """Generated reports, one after another, until ``size`` bytes (front matter only at the top)."""
    rng = random.Random(seed)
    parts: list[str] = []
    total = 0
    number = 0
    while total < size:
        text = generate.report(rng, number * 3)
        parts.append(text)
        total += len(text.encode())
        number += 1
    text = "\n".join(parts)
    return text[:size] if len(parts) == 1 else text


def _percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure(client: Client, folder: Path, name: str, text: str, changes: int, debounce: float, pause: float) -> dict[str, Any]:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    uri = path.as_uri()
    client.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    client.wait(client.published(uri, 1))
    lines = text.split("\n")
    line = max(range(len(lines) // 2, len(lines)), key=lambda i: len(lines[i]) if not lines[i].startswith(("|", "#", "-", "`")) else 0)
    column = len(lines[line])
    latencies: list[float] = []
    version = 1
    for keystroke in range(changes):
        version += 1
        change = {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column}}, "text": "x" if keystroke % 2 == 0 else " "}
        sent = time.perf_counter()
        client.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        arrived, message = client.wait(client.published(uri, version))
        latencies.append(arrived - sent)
        column += 1
        time.sleep(pause)
    # a burst: keystrokes 20 ms apart, faster than the debounce and than a large lint
    burst = 10
    first_version = version + 1
    for keystroke in range(burst):
        version += 1
        change = {"range": {"start": {"line": line, "character": column}, "end": {"line": line, "character": column}}, "text": "y"}
        last_sent = time.perf_counter()
        client.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        column += 1
        time.sleep(0.02)
    arrived, _ = client.wait(client.published(uri, version))
    linted_versions = 0
    while not client.inbox.empty():
        _, message = client.inbox.get()
        if message.get("method") == "textDocument/publishDiagnostics" and message["params"]["uri"] == uri and first_version <= message["params"].get("version", 0) < version:
            linted_versions += 1
    client.send("textDocument/didClose", {"textDocument": {"uri": uri}})
    return {
        "name": name, "bytes": len(text.encode()), "changes": changes,
        "p50": _percentile(latencies, 0.5), "p95": _percentile(latencies, 0.95), "max": max(latencies),
        "p50_after": _percentile(latencies, 0.5) - debounce, "p95_after": _percentile(latencies, 0.95) - debounce,
        "burst": burst, "burst_stale_linted": linted_versions, "burst_last": arrived - last_sent,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=30, help="keystrokes measured per report size")
    parser.add_argument("--debounce", type=float, default=100, help="the server's debounce, ms (initializationOptions)")
    parser.add_argument("--sizes", default="5000,200000", help="report sizes in bytes, comma separated")
    parser.add_argument("--command", default=f"{sys.executable} -m reportlint server", help="how to start the server")
    args = parser.parse_args()
    debounce = args.debounce / 1000
    with tempfile.TemporaryDirectory(prefix="reportlint-server-bench-") as name:
        folder = Path(name)
        client = Client(args.command.split(), folder)
        started = time.perf_counter()
        client.send("initialize", {"processId": os.getpid(), "rootUri": folder.as_uri(), "capabilities": {}, "initializationOptions": {"debounce": args.debounce}}, request=True)
        client.wait(lambda m: m.get("id") == 1)
        client.send("initialized", {})
        print(f"server started and initialized in {time.perf_counter() - started:.3f} s (debounce {args.debounce:g} ms)")
        rows = []
        for size in (int(s) for s in args.sizes.split(",")):
            text = _report(size)
            rows.append(measure(client, folder, f"report-{size // 1000}k.md", text, args.changes, debounce, pause=debounce + 0.05))
        client.send("shutdown", None, request=True)
        client.wait(lambda m: m.get("id") == 2)
        client.send("exit", None)
        client.process.wait(timeout=30)
    print()
    print("| report | keystrokes | p50 ms | p95 ms | max ms | p50 after debounce | p95 after debounce | burst of 10 at 20 ms: versions linted before the last | last keystroke to diagnostics ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['bytes'] / 1000:.0f} KB | {r['changes']} | {r['p50'] * 1000:.0f} | {r['p95'] * 1000:.0f} | {r['max'] * 1000:.0f} | {r['p50_after'] * 1000:.0f} | {r['p95_after'] * 1000:.0f} | {r['burst_stale_linted']} of {r['burst'] - 1} | {r['burst_last'] * 1000:.0f} |")
    print(f"\nPython {sys.version.split()[0]}, {os.cpu_count()} cores; latency = didChange sent -> publishDiagnostics of that version received.")


if __name__ == "__main__":
    main()
