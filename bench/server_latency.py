#!/usr/bin/env python3
"""Latency of ``reportlint server``: from a change to its diagnostics, on a warm server.

Starts ``reportlint server`` as an editor does (stdio, JSON-RPC), opens a 5 KB and a 200 KB
report (bench/generate.py, fixed seed) and types into each: every keystroke is one
incremental ``didChange``, and the time to the ``publishDiagnostics`` of that version is
measured. Keystrokes are spaced so that each one is linted on its own. Then a burst of
keystrokes faster than the debounce shows that only the latest text is linted. Last, on the
largest report, a hover and a code action are asked while the lint of a change runs (sent
``--busy`` ms after the debounce): their response time shows whether a long lint blocks them.

    python bench/server_latency.py                     # 30 keystrokes per size, debounce 100 ms
    python bench/server_latency.py --changes 50 --debounce 50

Prints p50/p95 of the latency measured at the client (it includes the debounce) and after
the debounce (latency minus debounce: the server's own time, pipe included), and p50/p95 of
the hover and code-action response times during a lint.
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
        self.kept: list[tuple[float, dict[str, Any]]] = []
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

    def wait(self, match: Any, timeout: float = 120.0, keep: bool = False) -> tuple[float, dict[str, Any]]:
        """The first message that ``match`` accepts; with ``keep``, the others stay for a later wait."""
        deadline = time.perf_counter() + timeout
        for index, (arrived, message) in enumerate(self.kept):
            if match(message):
                del self.kept[index]
                return arrived, message
        while True:
            arrived, message = self.inbox.get(timeout=max(deadline - time.perf_counter(), 0.001))
            if match(message):
                return arrived, message
            if keep:
                self.kept.append((arrived, message))

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


def responsiveness(client: Client, folder: Path, name: str, text: str, rounds: int, debounce: float, busy: float) -> dict[str, Any]:
    """Hover and code-action response times while the lint of a newer version runs.

    Each round types one character at the end of the document, waits for the debounce and
    ``busy`` more (the lint has started), then asks for a hover (even rounds) or for the code
    actions (odd rounds) on a flagged span far above the edit, and measures the answer; then
    waits for that version's diagnostics before the next round.
    """
    path = folder / name
    uri = path.as_uri()
    client.send("textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
    _, opened = client.wait(client.published(uri, 1))
    lines = text.split("\n")
    flagged = next(d for d in opened["params"]["diagnostics"] if d["range"]["start"]["line"] < len(lines) // 2 and d["range"]["start"]["line"] == d["range"]["end"]["line"] and d["range"]["start"]["character"] < d["range"]["end"]["character"])
    last, column = len(lines) - 1, len(lines[-1])
    hovers: list[float] = []
    actions: list[float] = []
    version = 1
    for _ in range(rounds):
        version += 1
        change = {"range": {"start": {"line": last, "character": column}, "end": {"line": last, "character": column}}, "text": "z"}
        column += 1
        client.send("textDocument/didChange", {"textDocument": {"uri": uri, "version": version}, "contentChanges": [change]})
        time.sleep(debounce + busy)
        for method, params, times in (
            ("textDocument/hover", {"textDocument": {"uri": uri}, "position": flagged["range"]["start"]}, hovers),
            ("textDocument/codeAction", {"textDocument": {"uri": uri}, "range": flagged["range"], "context": {"diagnostics": [flagged]}}, actions),
        )[version % 2: version % 2 + 1]:
            sent = time.perf_counter()
            ident = client.send(method, params, request=True)
            arrived, answer = client.wait(lambda m, ident=ident: m.get("id") == ident, keep=True)
            assert answer.get("result"), f"{method} answered {answer}"
            times.append(arrived - sent)
        client.wait(client.published(uri, version))
        client.kept.clear()
    client.send("textDocument/didClose", {"textDocument": {"uri": uri}})
    return {
        "bytes": len(text.encode()), "rounds": rounds,
        "hover_p50": _percentile(hovers, 0.5), "hover_p95": _percentile(hovers, 0.95),
        "action_p50": _percentile(actions, 0.5), "action_p95": _percentile(actions, 0.95),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--changes", type=int, default=30, help="keystrokes measured per report size")
    parser.add_argument("--debounce", type=float, default=100, help="the server's debounce, ms (initializationOptions)")
    parser.add_argument("--sizes", default="5000,200000", help="report sizes in bytes, comma separated")
    parser.add_argument("--rounds", type=int, default=20, help="hover or code-action requests (alternately) during a lint, on the largest report")
    parser.add_argument("--busy", type=float, default=100, help="ms after the debounce at which they are sent (the lint is running)")
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
        largest = max(int(s) for s in args.sizes.split(","))
        busy = responsiveness(client, folder, f"busy-{largest // 1000}k.md", _report(largest), args.rounds, debounce, args.busy / 1000)
        client.send("shutdown", None, request=True)
        client.wait(lambda m: m.get("id") == client.next_id)
        client.send("exit", None)
        client.process.wait(timeout=30)
    print()
    print("| report | keystrokes | p50 ms | p95 ms | max ms | p50 after debounce | p95 after debounce | burst of 10 at 20 ms: versions linted before the last | last keystroke to diagnostics ms |")
    print("| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")
    for r in rows:
        print(f"| {r['bytes'] / 1000:.0f} KB | {r['changes']} | {r['p50'] * 1000:.0f} | {r['p95'] * 1000:.0f} | {r['max'] * 1000:.0f} | {r['p50_after'] * 1000:.0f} | {r['p95_after'] * 1000:.0f} | {r['burst_stale_linted']} of {r['burst'] - 1} | {r['burst_last'] * 1000:.0f} |")
    print()
    print(f"| during the lint of a {busy['bytes'] / 1000:.0f} KB report ({busy['rounds']} rounds, half each, sent {args.busy:g} ms after the debounce) | p50 ms | p95 ms |")
    print("| --- | ---: | ---: |")
    print(f"| hover | {busy['hover_p50'] * 1000:.0f} | {busy['hover_p95'] * 1000:.0f} |")
    print(f"| code action | {busy['action_p50'] * 1000:.0f} | {busy['action_p95'] * 1000:.0f} |")
    print(f"\nPython {sys.version.split()[0]}, {os.cpu_count()} cores; latency = didChange sent -> publishDiagnostics of that version received.")


if __name__ == "__main__":
    main()
