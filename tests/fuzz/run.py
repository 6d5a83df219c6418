"""Runs the fuzzer: starts a mock process and sends it, one run per transport, `--cases`
requests each:

- per contract (`closient`, `cloud-images`, `bitrix24`), its malformed-input catalogue and
  Schemathesis' positive and negative cases spread over its operations;
- per transport (`closient-multipart`, `cloud-images-json`, `cloud-images-patch`,
  `bitrix24-json`, `-form`, `-query`, `-multipart`, `-batch`, `admin-faults`), the hostile
  requests of `hostile.py`.

After every case the admin state, the fault rules and every contract's listing must answer
200 with JSON, and so must the read paths of what the case touched (its contract's newest
record, its files); a loop probe (`probe.py`) measures how long the mock's event loop was
held, and the cases that held it longest are replayed to confirm it. Prints per run the
case count, the status histogram, the 5xx answers, the worst loop block and its case,
and the poisoned states, each failure with a curl command that repeats it; exit status 1
on any 5xx, dropped answer, poisoned state or loop block past `--max-block-ms`.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import http.client
import itertools
import math
import pathlib
import random
import re
import select
import shlex
import sys
import tempfile
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import httpx
import schemathesis
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import seed as hypothesis_seed
from hypothesis import strategies as st
from schemathesis import Case, GenerationMode

from conformance.curl import body_file, curl_command
from conformance.fuzzing import httpx_arguments
from tests.demo import BITRIX_PRODUCT, BITRIX_USER, BITRIX_WEBHOOK_CODE, CLOUD_TOKEN

from .catalogue import catalogue
from .hostile import TRANSPORTS, KnownCases, Live, RawCase, Transport
from .probe import LoopProbe, Sample
from .server import Command, MockServer, mock_command
from .targets import CLOUD_IMAGES, TARGETS, FuzzTarget, State

# Requests past Connexion's own stack are no mock under test at all.
TRANSPORT_HEADERS = frozenset(
    {"content-length", "host", "accept-encoding", "connection", "transfer-encoding"}
)
# High enough never to refuse the run, so the rate limiter is on every path but never in the way.
RATE_LIMIT = "1000000000/60"
# Request heads up to 1 MiB (not the mock's 16 KiB), so that long query strings reach the
# decoder; the HTTP parser still answers a request line past about 64 KB with its own 400.
MAX_HEAD_BYTES = str(1024 * 1024)
MOCK_ARGUMENTS = ("--rate-limit", RATE_LIMIT, "--max-head-bytes", MAX_HEAD_BYTES)
DEFAULT_MAX_HEAD_BYTES = 16 * 1024
"""The mock's own default, for a mock already running."""
CLOSED = 0
"""The status counted for a case whose head is past the mock's limit and whose connection
the mock closed, as `--max-head-bytes` says it does."""
# The share of cases given the demo's credential and path values in place of generated ones:
# the rest keep what was generated, so refusals are fuzzed too.
PINNED = 0.85
RUNS = [*TARGETS, *TRANSPORTS]
"""Every run, by name: the schema-driven run of each contract, then each transport."""
CONTRACT_OF = {
    **{name: name for name in TARGETS},
    **{t.name: t.contract for t in TRANSPORTS.values()},
}
# Every this many cases of a hostile run, one of the inputs that once broke the mock.
KNOWN_EVERY = 10
# Replays of a case that held the loop long, how many such cases a run replays at most,
# and how many of the longest blocks are kept to choose them from.
REPLAYS = 3
REPLAYED = 5
SUSPECTS = 20
# Where the curl commands send their requests: the mock `make mock` starts (the run's own
# mock is gone by the time they are read).
REPLAY_URL = "http://127.0.0.1:8000"
# URLs and bodies longer than these are read from files in the curl command.
LONGEST_URL = 2048
LONGEST_BODY = 1024
# Past this, a request line cannot be one argument of a command (Linux takes 128 KiB).
LONGEST_ARGUMENT = 100_000


@dataclass
class Failure:
    kind: str
    """`5xx`, `no answer`, `poisoned` or `loop block`."""
    what: str
    curl: str


@dataclass
class Block:
    """How long one case held the mock's event loop."""

    seconds: float
    label: str
    curl: str
    replayed: list[float] = field(default_factory=list)
    """The block of each replay; the least of them is the case's confirmed block."""
    stalled: bool = False
    """The case got no answer at all: the block is at least its wait."""

    @property
    def confirmed(self) -> float:
        if self.stalled or not self.replayed:
            return self.seconds
        return min(self.replayed)


@dataclass
class RunReport:
    name: str
    cases: int = 0
    statuses: collections.Counter[int] = field(default_factory=collections.Counter)
    failures: list[Failure] = field(default_factory=list)
    seconds: float = 0.0
    worst_block: Block | None = None
    restarts: int = 0

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)

    def count(self, kind: str) -> int:
        return sum(failure.kind == kind for failure in self.failures)


@dataclass
class Sent:
    """A case, or the reads that checked the mock after it, that the probe's samples may
    still be attributed to."""

    case: RawCase
    reads: bool
    """The reads after the case, rather than the case itself."""
    started: float
    ended: float
    block: float = 0.0

    @property
    def label(self) -> str:
        return f"the reads after {self.case.family}" if self.reads else self.case.family


class NoAnswer(Exception):
    pass


@dataclass(frozen=True)
class Read:
    """A read path that must still answer after a case."""

    method: str
    path: str
    headers: Mapping[str, str] = field(default_factory=dict)
    json: object = None
    expect: str = "json"
    """`json`: 200 with JSON; `ok`: 200; `no 5xx`: any answer below 500."""
    files: str | None = None
    """The key of the answer's file URLs, the first of which must answer 200 too."""


def head_size(case: RawCase) -> int:
    """The bytes of the case's request line and headers (Host and Content-Length too)."""
    line = len(case.method) + len(wire_target(case.target)) + len(" HTTP/1.1\r\n ")
    fields = sum(len(name) + len(value) + 4 for name, value in case.headers)
    return line + fields + len("Host: 127.0.0.1:65535\r\nContent-Length: 99999999\r\n\r\n")


def wire_target(target: str) -> str:
    """The request target as it goes on the wire: bytes a request line cannot carry (space,
    control characters, anything past ASCII) percent-encoded, the rest as it is."""
    raw = target.encode("utf-8", "surrogatepass")
    return "".join(chr(b) if 0x21 <= b <= 0x7E else f"%{b:02X}" for b in raw)


def as_raw_case(label: str, request: httpx.Request) -> RawCase:
    headers = tuple(
        (name.decode("latin-1"), value)
        for name, value in request.headers.raw
        if name.decode("latin-1").lower() not in TRANSPORT_HEADERS
    )
    return RawCase(
        label, request.method, request.url.raw_path.decode("ascii"), headers, request.read()
    )


class Fuzzer:
    """Sends cases to one mock and checks it after each."""

    def __init__(
        self,
        server: MockServer,
        targets: Sequence[FuzzTarget],
        *,
        timeout: float = 10.0,
        max_block: float = 0.05,
        max_head_bytes: int = DEFAULT_MAX_HEAD_BYTES,
        probe_interval: float = 0.01,
        artifacts: pathlib.Path,
        replay_url: str = REPLAY_URL,
    ) -> None:
        self.server = server
        self.targets = targets
        self.timeout = timeout
        self.max_block = max_block
        self.max_head_bytes = max_head_bytes
        self.probe_interval = probe_interval
        self.artifacts = artifacts
        self.replay_url = replay_url
        self.state: State = {}
        """The state as the last check read it."""
        self.live = Live()
        self.listings: dict[str, Any] = {}
        self.recent: collections.deque[Sent] = collections.deque(maxlen=64)
        self.suspects: list[Sent] = []
        self._connect()

    # --- the connections ----------------------------------------------------------------

    def _connect(self) -> None:
        self.http = httpx.Client(base_url=self.server.base_url, timeout=self.timeout)
        address = httpx.URL(self.server.base_url)
        self.address = (address.host, address.port)
        self.probe = LoopProbe(self.server.base_url, self.probe_interval)
        self.plan = self.http.get("/__admin/faults").content
        """The fault rules the mock started with, put back whenever a case changed them."""

    def close(self) -> None:
        self.http.close()
        self.probe.close()

    def recover(self, report: RunReport) -> None:
        """After a case without an answer: a mock that no longer answers is started again
        (its state is lost), or waited for when it is not the fuzzer's own."""
        with contextlib.suppress(httpx.TransportError):
            if self.http.get("/__admin/faults", timeout=2).status_code == 200:
                return
        self.close()
        if self.server.restartable:
            self.server.restart()
            report.restarts += 1
        else:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                with contextlib.suppress(httpx.TransportError):
                    httpx.get(self.server.base_url + "/__admin/faults", timeout=2)
                    break
            else:
                raise RuntimeError(f"{self.server.base_url} stopped answering") from None
        self._connect()
        self.recent.clear()
        self.refresh()

    # --- a case -------------------------------------------------------------------------

    def send(self, case: RawCase) -> int:
        """The case's status; `NoAnswer` when none came (within the timeout). Each case
        has a connection of its own, so a connection the server closed after an earlier
        answer is never taken for a dropped one."""
        connection = http.client.HTTPConnection(*self.address, timeout=self.timeout)
        try:
            return self._send(connection, case)
        except (OSError, http.client.HTTPException) as error:
            raise NoAnswer(repr(error)) from None
        finally:
            connection.close()

    @staticmethod
    def _send(connection: http.client.HTTPConnection, case: RawCase) -> int:
        connection.putrequest(case.method, wire_target(case.target), skip_accept_encoding=True)
        for name, value in case.headers:
            connection.putheader(name, value)
        if case.body or case.method in ("POST", "PUT", "PATCH"):
            connection.putheader("Content-Length", str(len(case.body)))
        connection.endheaders()
        # The body in pieces, stopping as soon as an answer comes (a 401 or 413 sent before
        # the body is read), as curl does: the server may close the connection then.
        assert connection.sock is not None
        body = memoryview(case.body)
        with contextlib.suppress(OSError):
            for offset in range(0, len(body), 64 * 1024):
                if select.select([connection.sock], [], [], 0)[0]:
                    break
                connection.sock.sendall(body[offset : offset + 64 * 1024])
        response = connection.getresponse()
        response.read()
        return response.status

    def run_case(self, report: RunReport, case: RawCase) -> None:
        started = time.monotonic()
        try:
            status = self.send(case)
        except NoAnswer as error:
            waited = time.monotonic() - started
            if head_size(case) > self.max_head_bytes:
                # A head past --max-head-bytes: the mock closes the connection, as it says.
                report.cases += 1
                report.statuses[CLOSED] += 1
                self.recover(report)
                return
            self._fail(report, "no answer", f"{case.family}: no answer ({error})", case)
            block = Block(waited, case.family, self.curl(case), stalled=True)
            if report.worst_block is None or block.seconds > report.worst_block.confirmed:
                report.worst_block = block
            self.recover(report)
            return
        report.cases += 1
        report.statuses[status] += 1
        if status >= 500:
            self._fail(report, "5xx", f"{case.family}: {status}", case)
        answered = time.monotonic()
        self.check(report, case)
        self.recent.append(Sent(case, False, started, answered))
        self.recent.append(Sent(case, True, answered, time.monotonic()))
        self.absorb()

    # --- the state after a case ---------------------------------------------------------

    def refresh(self) -> None:
        """The state and the listings, read again (after a reset or a restart)."""
        self.state = self.http.get("/__admin/state").json()
        self._live_from_state()

    def reset(self) -> None:
        self.http.post("/__admin/reset")
        self.refresh()

    def _live_from_state(self) -> None:
        pictures = TARGETS["bitrix24"].live_pins(self.state)["id"]
        self.live.picture_ids = [picture for picture in pictures if isinstance(picture, int)]
        pins = CLOUD_IMAGES.live_pins(self.state)
        self.live.image_ids = [str(image) for image in pins["image_id"]]
        self.live.member_ids = [str(member) for member in pins["member_id"]]

    def check(self, report: RunReport, case: RawCase) -> None:
        """Every read path still answers: the admin state and fault rules, each contract's
        listing, and what the case may have touched."""
        contract = CONTRACT_OF.get(report.name, report.name)
        state = self._read(report, case, Read("GET", "/__admin/state"))
        if state is None:
            return
        self.state = state.json()
        self._live_from_state()
        plan = self._read(report, case, Read("GET", "/__admin/faults"))
        if plan is None or plan.content != self.plan:
            # Rules a case changed (or left unreadable) are put back, so that the cases
            # after it are judged on their own.
            self._restore_plan(report, case)
        for target in self.targets:
            listing = target.listing
            read = Read(listing.method, listing.path, listing.headers, listing.json)
            answer = self._read(report, case, read)
            if answer is None:
                return
            self.listings[target.name] = answer.json()
        for read in self.touched(contract, case):
            answer = self._read(report, case, read)
            if answer is None:
                return
            if read.files is not None:
                for url in _strings(answer.json(), read.files)[:1]:
                    file = Read("GET", httpx.URL(url).raw_path.decode("ascii"), expect="ok")
                    if self._read(report, case, file) is None:
                        return

    def _restore_plan(self, report: RunReport, case: RawCase) -> None:
        """Puts back the fault rules the mock started with (a case of the admin route
        changed them), before any contract is read under them."""
        headers = {"Content-Type": "application/json"}
        try:
            answer = self.http.put("/__admin/faults", content=self.plan, headers=headers)
            if answer.status_code != 200:
                what = f"after {case.family}: the fault rules cannot be put back: {answer}"
                self._fail(report, "poisoned", what, case)
                self.http.delete("/__admin/faults")
        except httpx.TransportError as error:
            what = f"after {case.family}: the fault rules cannot be put back: {error!r}"
            self._fail(report, "poisoned", what, case)
            self.recover(report)

    def _read(self, report: RunReport, case: RawCase, read: Read) -> httpx.Response | None:
        """The read's answer; None when it failed (and the failure is recorded)."""
        try:
            answer = self.http.request(
                read.method, read.path, headers=dict(read.headers), json=read.json
            )
            if read.expect == "no 5xx":
                if answer.status_code >= 500:
                    raise ValueError(f"{answer.status_code} {answer.text[:200]}")
                return answer
            if answer.status_code != 200:
                raise ValueError(f"{answer.status_code} {answer.text[:200]}")
            if read.expect == "json":
                answer.json()
            return answer
        except (httpx.TransportError, ValueError) as error:
            what = f"after {case.family}: {read.method} {read.path} failed: {error}"
            self._fail(report, "poisoned", what, case)
            if isinstance(error, httpx.TransportError):
                self.recover(report)
            return None

    def touched(self, contract: str, case: RawCase) -> list[Read]:
        """The read paths of the records a case of `contract` may have changed: its newest
        record, that record's files, the record its path names."""
        reads: list[Read] = []
        if contract == "closient":
            urls = _strings(self.listings.get("closient"), "image_url")
            for url in {*urls[:1], *urls[-1:]}:
                reads.append(Read("GET", httpx.URL(url).raw_path.decode("ascii"), expect="ok"))
        elif contract == "cloud-images":
            token = {"X-Auth-Token": CLOUD_TOKEN}
            if self.live.image_ids:
                newest = self.live.image_ids[-1]
                reads.append(Read("GET", f"/v2/images/{newest}", token))
                # Only a shared image has members: others answer 403.
                reads.append(Read("GET", f"/v2/images/{newest}/members", token, expect="no 5xx"))
            named = re.match(r"/v2/images/([0-9a-fA-F-]{36})(?:[/?]|$)", case.target)
            if named:
                reads.append(Read("GET", f"/v2/images/{named.group(1)}", token, expect="no 5xx"))
        elif contract == "bitrix24":
            webhook = f"/rest/{BITRIX_USER}/{BITRIX_WEBHOOK_CODE}/catalog.productImage."
            reads.append(Read("GET", f"{webhook}list?productId={BITRIX_PRODUCT}&select[]=id"))
            if self.live.picture_ids:
                picture = {"productId": BITRIX_PRODUCT, "id": max(self.live.picture_ids)}
                reads.append(Read("POST", webhook + "get", json=picture, files="detailUrl"))
        return reads

    # --- the loop probe -----------------------------------------------------------------

    def absorb(self) -> None:
        """Each new probe sample's excess over the idle latency, to the case it overlaps
        most (or, when it overlaps none, the case sent last before it)."""
        samples = self.probe.take()
        for sample in samples:
            excess = sample.latency - self.probe.idle
            if excess < 0.002:
                continue
            sent = _blamed(self.recent, sample)
            if sent is not None and excess > sent.block:
                sent.block = excess
                self._suspect(sent)

    def _suspect(self, sent: Sent) -> None:
        if sent not in self.suspects:
            self.suspects.append(sent)
        self.suspects.sort(key=lambda suspect: -suspect.block)
        del self.suspects[SUSPECTS:]

    def confirm_blocks(self, report: RunReport) -> None:
        """Replays the cases that held the loop longest; a case's block is the least of its
        replays' (a machine busy with other work slows one answer now and then, not every
        replay of one case)."""
        self.probe.wait_past(time.monotonic())
        self.absorb()
        replayed: set[tuple[RawCase, bool]] = set()
        for sent in self.suspects:  # the longest blocks first
            worst = report.worst_block
            if worst is not None and sent.block <= worst.confirmed:
                break  # replays take no longer than the block seen, but by chance
            if (sent.case, sent.reads) in replayed:
                continue
            block = Block(sent.block, sent.label, self.curl(sent.case))
            if sent.block > self.max_block / 2:
                if len(replayed) == REPLAYED:
                    break
                replayed.add((sent.case, sent.reads))
                block.replayed = [
                    self.replay(report, sent.case, sent.reads) for _ in range(REPLAYS)
                ]
            if worst is None or block.confirmed > worst.confirmed:
                report.worst_block = block
        self.suspects.clear()
        self.recent.clear()
        worst = report.worst_block
        if worst is not None and not worst.stalled and worst.confirmed > self.max_block:
            report.failures.append(
                Failure(
                    "loop block",
                    f"{worst.label}: held the loop {worst.confirmed * 1000:.0f} ms "
                    f"(replays: {', '.join(f'{s * 1000:.0f}' for s in worst.replayed)} ms)",
                    worst.curl,
                )
            )

    def replay(self, report: RunReport, case: RawCase, reads: bool) -> float:
        """The longest the loop was held while `case` was sent again (or, with `reads`,
        while the mock was checked after it)."""
        self.probe.take()
        started = time.monotonic()
        try:
            self.send(case)
        except NoAnswer:
            self.recover(report)
            return time.monotonic() - started
        ended = time.monotonic()
        if reads:
            started = ended
            self.check(RunReport(report.name), case)
            ended = time.monotonic()
        self.probe.wait_past(ended)
        samples = self.probe.take()
        excess = [
            sample.latency - self.probe.idle
            for sample in samples
            if started <= (sample.started + sample.ended) / 2 <= ended
        ]
        return max([0.0, *excess])

    # --- reporting ----------------------------------------------------------------------

    def curl(self, case: RawCase) -> str:
        """The shell command that sends `case` again (a long URL read from a file)."""
        if len(wire_target(case.target)) > LONGEST_ARGUMENT:
            return self._socket_command(case)
        headers = [(name, value.decode("latin-1")) for name, value in case.headers]
        if case.body and not any(name.lower() == "content-type" for name, _ in headers):
            headers.append(("Content-Type", ""))  # curl's own default taken out
        url = self.replay_url.rstrip("/") + wire_target(case.target)
        path, _, query = url.partition("?")
        placeholder = "QUERY_FROM_FILE"
        shown = url if len(url) <= LONGEST_URL else f"{path}?{placeholder}"
        long_body = len(case.body) > LONGEST_BODY
        body = b"" if long_body else case.body
        command = curl_command(case.method, shown, headers, body, {}, self.artifacts)
        command = command.replace("curl ", "curl -g --path-as-is ", 1)
        if long_body:
            file = body_file(case.body, self.artifacts)
            command += f" --data-binary @{shlex.quote(str(file))}"
        if shown != url:  # the query in a file, the rest of the URL in the command
            file = body_file(query.encode(), self.artifacts)
            quoted_url = shlex.quote(shown)
            command = command.replace(quoted_url, shlex.quote(f"{path}?") + f'"$(cat {file})"', 1)
        return command

    def _socket_command(self, case: RawCase) -> str:
        """For a request line longer than any command line argument (curl takes its URL as
        one): the request's bytes in a file, sent by Python."""
        address = httpx.URL(self.replay_url)
        host = f"{address.host}:{address.port or 80}"
        head = [f"{case.method} {wire_target(case.target)} HTTP/1.1", f"Host: {host}"]
        head += [f"{name}: {value.decode('latin-1')}" for name, value in case.headers]
        if case.body or case.method in ("POST", "PUT", "PATCH"):
            head.append(f"Content-Length: {len(case.body)}")
        request = "\r\n".join([*head, "", ""]).encode("latin-1") + case.body
        file = body_file(request, self.artifacts)
        script = (
            "import socket,sys;"
            f's=socket.create_connection(("{address.host}",{address.port or 80}));'
            's.sendall(open(sys.argv[1],"rb").read());'
            'print(s.recv(65536).decode("latin-1"))'
        )
        return f"python3 -c {shlex.quote(script)} {shlex.quote(str(file))}"

    def _fail(self, report: RunReport, kind: str, what: str, case: RawCase) -> None:
        report.failures.append(Failure(kind, what, self.curl(case)))


def _strings(value: Any, key: str) -> list[str]:
    """The strings under `key` anywhere in `value`, in order."""
    found: list[str] = []
    pending = [value]
    while pending:
        item = pending.pop(0)
        if isinstance(item, dict):
            if isinstance(item.get(key), str):
                found.append(item[key])
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return found


def _blamed(recent: Sequence[Sent], sample: Sample) -> Sent | None:
    """What held the loop while `sample` waited: what was being sent at the middle of its
    wait (or, when nothing was, what was sent last before it)."""
    middle = (sample.started + sample.ended) / 2
    before = None
    for sent in recent:
        if sent.started <= middle <= sent.ended:
            return sent
        if sent.ended < middle:
            before = sent
    return before


# --- the runs ---------------------------------------------------------------------------


def hostile_run(fuzzer: Fuzzer, transport: Transport, cases: int, seed: int) -> RunReport:
    """`cases` hostile requests of `transport`: drawn from its strategy, and every tenth
    one of the inputs that once broke the mock, in turn."""
    report = RunReport(transport.name)
    strategy = transport.strategy(fuzzer.live)
    known = KnownCases(transport.name, fuzzer.live, start=seed)
    round_ = 0
    while report.cases < cases and round_ < 20:
        _hostile_round(fuzzer, report, strategy, known, cases - report.cases, seed + round_)
        round_ += 1
    return report


def drawing(budget: int, seed: int) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """Hypothesis' settings for one round of a run: `budget` cases drawn afresh from `seed`,
    no shrinking, no example database, no health check."""

    def decorate(test: Callable[..., None]) -> Callable[..., None]:
        drawn: Callable[..., None] = hypothesis_seed(seed)(
            settings(
                max_examples=budget,
                deadline=None,
                database=None,
                phases=[Phase.generate],
                suppress_health_check=list(HealthCheck),
            )(test)
        )
        return drawn

    return decorate


def _hostile_round(
    fuzzer: Fuzzer,
    report: RunReport,
    strategy: st.SearchStrategy[RawCase],
    known: KnownCases,
    budget: int,
    seed: int,
) -> None:
    sent = 0

    @drawing(budget, seed)
    @given(case=strategy)
    def example(case: RawCase) -> None:
        nonlocal sent
        if sent >= budget:
            return
        sent += 1
        if report.cases % KNOWN_EVERY == KNOWN_EVERY - 1:
            case = known.next()
        fuzzer.run_case(report, case)

    example()


def schema_run(fuzzer: Fuzzer, target: FuzzTarget, cases: int, seed: int) -> RunReport:
    """The contract's catalogue, then `cases` of Schemathesis' cases."""
    report = RunReport(target.name)
    cloud_image = str(CLOUD_IMAGES.live_pins(fuzzer.state)["image_id"][0])
    for name, arguments in catalogue(target.name, cloud_image):
        request = fuzzer.http.build_request(**arguments)
        fuzzer.run_case(report, as_raw_case(f"catalogue: {name}", request))
    schema = schemathesis.openapi.from_path(target.document)
    operations = [result.ok() for result in schema.get_all_operations()]  # type: ignore[union-attr]
    per_run = max(1, math.ceil(cases / (2 * len(operations))))
    chooser = random.Random(seed)
    round_ = 0
    # Hypothesis may stop an operation early (it ran out of distinct cases): rounds with
    # other seeds follow until the contract has its count.
    while report.cases < cases and round_ < 20:
        for operation in operations:
            for mode in (GenerationMode.POSITIVE, GenerationMode.NEGATIVE):
                budget = min(per_run, cases - report.cases)
                if budget > 0:
                    _generate(
                        fuzzer, report, target, operation, mode, budget, seed + round_, chooser
                    )
        round_ += 1
    return report


def _generate(
    fuzzer: Fuzzer,
    report: RunReport,
    target: FuzzTarget,
    operation: Any,
    mode: GenerationMode,
    budget: int,
    seed: int,
    chooser: random.Random,
) -> None:
    sent = 0

    @drawing(budget, seed)
    @given(case=operation.as_strategy(generation_mode=mode))
    def example(case: Case[Any]) -> None:
        nonlocal sent
        if sent >= budget:
            return
        sent += 1
        _pin(case, target, chooser, fuzzer.state)
        base_url = str(fuzzer.http.base_url).rstrip("/") + target.base_path
        arguments = httpx_arguments(case, base_url)
        credentials = target.headers if chooser.random() < PINNED else {}
        arguments["headers"] = {**arguments["headers"], **credentials}
        label = f"{operation.label} [{mode.value}]"
        try:
            request = fuzzer.http.build_request(**arguments)
        except (TypeError, ValueError, UnicodeError):
            return  # a case httpx cannot put on the wire (a header outside Latin-1)
        fuzzer.run_case(report, as_raw_case(label, request))

    # Schemathesis' strategies raise for what they cannot generate (an unsatisfiable
    # schema); the other operations go on.
    with contextlib.suppress(Exception):
        example()


def _pin(case: Case[Any], target: FuzzTarget, chooser: random.Random, state: State) -> None:
    """Most cases name the demo's product, credential and what the state holds now, so
    they reach the handlers."""
    live = target.live_pins(state) if state else {}

    def pinned(name: str, static: Mapping[str, object]) -> Any:
        pool = live.get(name)
        return chooser.choice(pool) if pool else static[name]

    parameters = case.path_parameters or {}
    for name in parameters:
        if (name in target.path_pins or live.get(name)) and chooser.random() < PINNED:
            parameters[name] = str(pinned(name, target.path_pins))
    if isinstance(case.body, dict):
        for name in (*target.body_pins, *live):
            known = name in target.body_pins or live.get(name)
            wanted = name in case.body or name in target.body_pins
            if known and wanted and chooser.random() < PINNED:
                case.body[name] = pinned(name, target.body_pins)


@contextlib.contextmanager
def fuzzer_for(
    log: pathlib.Path,
    *,
    mock_arguments: Sequence[str] = (),
    command: Command | None = None,
    base_url: str | None = None,
    **options: Any,
) -> Iterator[Fuzzer]:
    if base_url is None and command is None:
        arguments = [*MOCK_ARGUMENTS, *mock_arguments]
        command = mock_command(arguments)
        given = [
            value for flag, value in itertools.pairwise(arguments) if flag == "--max-head-bytes"
        ]
        options.setdefault("max_head_bytes", int(given[-1]))
    server = MockServer(log, command, base_url)
    server.start()
    try:
        fuzzer = Fuzzer(server, [TARGETS[name] for name in TARGETS], **options)
        try:
            yield fuzzer
        finally:
            fuzzer.close()
    finally:
        server.stop()


def fuzz(
    runs: Sequence[str],
    cases: int,
    seed: int,
    log: pathlib.Path,
    mock_arguments: Sequence[str] = (),
    *,
    command: Command | None = None,
    base_url: str | None = None,
    timeout: float = 10.0,
    max_block: float = 0.05,
    reset_every: int = 1000,
    max_head_bytes: int | None = None,
) -> list[RunReport]:
    """Each run's report, from one mock (started with `mock_arguments`, or by `command`,
    or already running at `base_url`), its standard error written to `log`.
    `max_head_bytes` is the mock's `--max-head-bytes` when it is not started here."""
    artifacts = log.parent / "cases"
    reports = []
    options: dict[str, Any] = {}
    if max_head_bytes is not None:
        options["max_head_bytes"] = max_head_bytes
    with fuzzer_for(
        log,
        mock_arguments=mock_arguments,
        command=command,
        base_url=base_url,
        timeout=timeout,
        max_block=max_block,
        artifacts=artifacts,
        **options,
    ) as fuzzer:
        for name in runs:
            print(f"fuzz: {name} ...", file=sys.stderr, flush=True)
            started = time.monotonic()
            fuzzer.reset()
            report = _resetting(fuzzer, name, cases, seed, reset_every)
            fuzzer.confirm_blocks(report)
            report.seconds = time.monotonic() - started
            reports.append(report)
    return reports


def _resetting(fuzzer: Fuzzer, name: str, cases: int, seed: int, every: int) -> RunReport:
    """The run in slices of `every` cases, the state reset between them (so the state a
    check reads stays small)."""
    total = RunReport(name)
    for offset in range(0, cases, every):
        count = min(every, cases - offset)
        if name in TARGETS:
            part = schema_run(fuzzer, TARGETS[name], count, seed + offset)
        else:
            part = hostile_run(fuzzer, TRANSPORTS[name], count, seed + offset)
        total.cases += part.cases
        total.statuses.update(part.statuses)
        total.failures.extend(part.failures)
        total.restarts += part.restarts
        if part.worst_block is not None and (
            total.worst_block is None or part.worst_block.confirmed > total.worst_block.confirmed
        ):
            total.worst_block = part.worst_block
        if offset + every < cases:
            fuzzer.reset()
    return total


def print_report(reports: Sequence[RunReport], log: pathlib.Path, max_block: float) -> None:
    print(
        f"{'run':<20} {'cases':>6} {'5xx':>4} {'no answer':>9} {'poisoned':>8} "
        f"{'worst block ms':>14}  statuses"
    )
    for report in reports:
        histogram = ", ".join(
            f"{status or 'closed'}: {n}" for status, n in sorted(report.statuses.items())
        )
        block = report.worst_block
        shown = "<2" if block is None else f"{block.confirmed * 1000:.0f}"
        if block is not None and block.stalled:
            shown = f">={shown}"
        print(
            f"{report.name:<20} {report.cases:>6} {report.server_errors:>4} "
            f"{report.count('no answer'):>9} {report.count('poisoned'):>8} {shown:>14}  {histogram}"
        )
    print(f"\nloop blocks past {max_block * 1000:.0f} ms fail the run; the worst of each run:")
    for report in reports:
        block = report.worst_block
        if block is not None:
            replays = ", ".join(f"{s * 1000:.0f}" for s in block.replayed)
            how = f" (replays: {replays} ms)" if replays else ""
            how += " (no answer)" if block.stalled else ""
            print(
                f"  {report.name}: {block.confirmed * 1000:.0f} ms{how}"
                f" by {block.label[:160]}\n    {block.curl}"
            )
    for report in reports:
        if report.failures:
            print(f"\n{report.name}: {len(report.failures)} failures, {report.restarts} restarts")
        # The same request failing the same way is shown once, with its count.
        repeats = collections.Counter((f.kind, f.what, f.curl) for f in report.failures)
        for (kind, what, curl), times in list(repeats.items())[:20]:
            again = f" ({times} times)" if times > 1 else ""
            print(f"  FAIL [{kind}] {what[:400]}{again}\n    {curl}")
        if len(repeats) > 20:
            print(f"  ... and {len(repeats) - 20} more")
    tracebacks = log.read_text(errors="replace").count("Traceback")
    print(f"\nmock tracebacks on standard error: {tracebacks} ({log})")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.fuzz", description=__doc__)
    parser.add_argument("--cases", type=int, default=10_000, help="cases per run")
    parser.add_argument(
        "--contract", action="append", choices=sorted(TARGETS), help="its schema-driven run"
    )
    parser.add_argument("--transport", action="append", choices=sorted(TRANSPORTS))
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--max-block-ms", type=float, default=50.0, help="the longest loop block that passes"
    )
    parser.add_argument("--timeout", type=float, default=10.0, help="seconds to wait for an answer")
    parser.add_argument(
        "--reset-every", type=int, default=1000, help="cases between resets of the state"
    )
    parser.add_argument("--url", help="fuzz a mock already running there (never restarted)")
    parser.add_argument(
        "--max-head-bytes",
        type=int,
        help="the --max-head-bytes of the mock at --url (its default when not given)",
    )
    parser.add_argument(
        "--mock-arg", action="append", default=[], metavar="ARG", help="an argument of the mock"
    )
    args = parser.parse_args(argv)
    runs = [*(args.contract or []), *(args.transport or [])] or RUNS
    log = pathlib.Path(tempfile.mkdtemp(prefix="fuzz-")) / "mock-stderr.log"
    log.touch()
    reports = fuzz(
        runs,
        args.cases,
        args.seed,
        log,
        args.mock_arg,
        base_url=args.url,
        timeout=args.timeout,
        max_block=args.max_block_ms / 1000,
        reset_every=args.reset_every,
        max_head_bytes=args.max_head_bytes,
    )
    print_report(reports, log, args.max_block_ms / 1000)
    return 1 if any(report.failures for report in reports) else 0
