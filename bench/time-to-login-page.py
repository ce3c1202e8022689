#!/usr/bin/env python3
"""Measures the run command: seconds from `./mvnw -Prun` to the demo realm's login form being
served, then presses Ctrl-C (SIGINT to the process group, as a terminal does) and checks that
Keycloak stopped and freed its ports. Run from the project root: python3 bench/time-to-login-page.py
"""
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request

LOGIN = ("http://localhost:8080/realms/demo/protocol/openid-connect/auth?client_id=account-console"
         "&redirect_uri=http%3A%2F%2Flocalhost%3A8080%2Frealms%2Fdemo%2Faccount%2F&response_type=code&scope=openid"
         "&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256")


def port_open(port):
    with socket.socket() as s:
        s.settimeout(0.5)
        return s.connect_ex(("127.0.0.1", port)) == 0


def main():
    if port_open(8080):
        sys.exit("port 8080 is busy: stop the other Keycloak first")
    start = time.monotonic()
    run = subprocess.Popen(["./mvnw", "-q", "-Prun"], stdout=open("target-run.log", "w"), stderr=subprocess.STDOUT,
                           preexec_fn=lambda: (os.setpgrp(), signal.signal(signal.SIGINT, signal.SIG_DFL)))
    served = None
    while time.monotonic() - start < 600 and run.poll() is None:
        try:
            if 'name="username"' in urllib.request.urlopen(LOGIN, timeout=3).read().decode():
                served = time.monotonic() - start
                break
        except OSError:
            pass
        time.sleep(0.5)
    os.killpg(run.pid, signal.SIGINT)
    stopped_at = time.monotonic()
    code = run.wait(120)
    stop = time.monotonic() - stopped_at
    if served is None:
        sys.exit("the login page was not served; see target-run.log")
    free = not port_open(8080) and not port_open(9000)
    print(f"login page served after {served:.1f} s; Ctrl-C stopped everything in {stop:.1f} s "
          f"(exit {code}, ports {'free' if free else 'STILL BUSY'})")
    sys.exit(0 if free else 1)


if __name__ == "__main__":
    main()
