#!/usr/bin/env python3
"""Measure python-tuf's ngclient on the same repository as Patchbay's TufBench / tuf-client (not a test).

python-tuf is not vendored and not on this machine's package index; see bench/RESULTS.md ("TUF client")
for how to put python-tuf and securesystemslib on PYTHONPATH. Two modes:

  python_tuf_compare.py bench DIR [ROUNDS]
      DIR is what `TufBench --export DIR` wrote (metadata/, root.json, targets.txt). Serves DIR/metadata on
      loopback from this process and times, like TufBench, a NEW Updater doing refresh() +
      get_targetinfo(random path): cold (only root.json trusted) and warm (everything cached).

  python_tuf_compare.py client --metadata-dir D init ROOT
  python_tuf_compare.py client --metadata-dir D --metadata-url U refresh
      The conformance-protocol calls, one process each (what hyperfine compares with bin/tuf-client).
"""
import argparse
import http.server
import os
import random
import shutil
import statistics
import sys
import tempfile
import threading
import time


def _updater(metadata_dir, metadata_url):
    from tuf.ngclient import Updater
    return Updater(metadata_dir=metadata_dir, metadata_base_url=metadata_url)


def client(argv):
    parser = argparse.ArgumentParser(prog="python_tuf_compare.py client")
    parser.add_argument("--metadata-dir", required=True)
    parser.add_argument("--metadata-url")
    parser.add_argument("command", choices=["init", "refresh"])
    parser.add_argument("root", nargs="?")
    args = parser.parse_args(argv)
    if args.command == "init":
        os.makedirs(args.metadata_dir, exist_ok=True)
        shutil.copyfile(args.root, os.path.join(args.metadata_dir, "root.json"))
        return 0
    _updater(args.metadata_dir, args.metadata_url).refresh()
    return 0


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def bench(directory, rounds):
    with open(os.path.join(directory, "targets.txt"), encoding="utf-8") as f:
        paths = [line.strip() for line in f if line.strip()]
    handler = lambda *a, **k: _Quiet(*a, directory=os.path.join(directory, "metadata"), **k)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    url = "http://127.0.0.1:%d/" % server.server_address[1]
    client_dir = tempfile.mkdtemp(prefix="python-tuf-bench")
    rng = random.Random(42)

    def one_round(cold):
        if cold:
            shutil.rmtree(client_dir)
            os.makedirs(client_dir)
            shutil.copyfile(os.path.join(directory, "root.json"), os.path.join(client_dir, "root.json"))
        start = time.perf_counter()
        updater = _updater(client_dir, url)
        updater.refresh()
        if updater.get_targetinfo(rng.choice(paths)) is None:
            raise SystemExit("target not found")
        return (time.perf_counter() - start) * 1000

    try:
        for _ in range(3):  # imports and the first file-system touches
            one_round(True)
            one_round(False)
        cold = [one_round(True) for _ in range(rounds)]
        one_round(True)
        warm = [one_round(False) for _ in range(rounds)]
    finally:
        server.shutdown()
        shutil.rmtree(client_dir, ignore_errors=True)
    print("python-tuf ngclient, %d targets, %d rounds each" % (len(paths), rounds))
    print("| case | median ms | p90 ms | max ms |")
    print("|---|---|---|---|")
    for name, values in (("cold refresh + lookup", cold), ("warm refresh + lookup", warm)):
        ordered = sorted(values)
        p90 = ordered[max(0, int(len(ordered) * 0.9 + 0.999) - 1)]
        print("| %s | %.1f | %.1f | %.1f |" % (name, statistics.median(values), p90, ordered[-1]))
    return 0


def main():
    if len(sys.argv) >= 2 and sys.argv[1] == "client":
        return client(sys.argv[2:])
    if len(sys.argv) >= 3 and sys.argv[1] == "bench":
        return bench(sys.argv[2], int(sys.argv[3]) if len(sys.argv) > 3 else 30)
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
