#!/usr/bin/env python3
"""seed.py - fill a samsyn database with many submitted reports of concern, fast.

    bench/seed.py --db DB [--reports 100000] [--years 5] [--seed 1]

DB is what `samsyn --db` takes: a SQLite file, or postgresql://... (loaded through psql
with COPY).  The database must already hold the schema and the demo users: run
`samsyn demo --db DB` first.  The reports are added to what is there (the demo's own
300 reports stay).

What it writes, per report, with the columns migration 0003 defines and the values the
domain code would have stored (src/domain/report.c, intake.c):

  - reports (submitted, numbered OA-YYYY-NNNNNN per year of receipt, after any number
    already used), report_versions (version 1, as the reporter sent it);
  - children: Skatteverket's test personnummer (tests/data/testpersonnummer.txt), only
    children born 2006-12 or later and only numbers the database does not have yet,
    reused across reports (about eight reports per child over the years), plus a few
    reserve identities; some guardians; a few with protected identity;
  - intakes: protection assessment, pre-assessment decision (or the violence rule's
    investigation at receipt), feedback, and stage/pending/pending_due set the way
    intake_restage sets them; due days counted as intake.c counts them (Stockholm days,
    the Swedish working-day calendar, the dated rules of migration 0002);
  - investigations (four months, a few extended, closed after two to four months),
    investigation_extensions, feedback (with its read time), mail_outbox (sent).

Receipt times are spread over the last `--years` years up to now, weekdays and office
hours mostly.  Everything older than a few weeks is decided and has its feedback; the
last days hold the pending work: a few hundred lines for the inbox, plus the
investigations still open.

It writes no access_log rows: the log is a hash chain that only samsyn appends to.  It
prints one line of counts.  Python standard library only.
"""

import argparse
import bisect
import datetime as dt
import os
import random
import sqlite3
import subprocess
import sys
import time
import zoneinfo

HERE = os.path.dirname(os.path.abspath(__file__))
PNR_FILE = os.path.join(HERE, "..", "tests", "data", "testpersonnummer.txt")
STOCKHOLM = zoneinfo.ZoneInfo("Europe/Stockholm")
UTC = dt.timezone.utc

# --- the Swedish calendar (src/util/calendar.c) -----------------------------------------


def easter_sunday(year):
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l) // 451
    month = (h + l - 7 * m + 114) // 31
    day = (h + l - 7 * m + 114) % 31 + 1
    return dt.date(year, month, day)


_holidays = {}


def is_public_holiday(d):
    if d.year not in _holidays:
        y = d.year
        e = easter_sunday(y)
        s = {dt.date(y, 1, 1), dt.date(y, 1, 6), dt.date(y, 5, 1), dt.date(y, 6, 6),
             dt.date(y, 12, 25), dt.date(y, 12, 26)}
        s |= {e - dt.timedelta(days=2), e, e + dt.timedelta(days=1),
              e + dt.timedelta(days=39), e + dt.timedelta(days=49)}
        for day in range(20, 27):  # midsommardagen: the Saturday 20-26 June
            if dt.date(y, 6, day).isoweekday() == 6:
                s.add(dt.date(y, 6, day))
        for day in [dt.date(y, 10, 31)] + [dt.date(y, 11, n) for n in range(1, 7)]:
            if day.isoweekday() == 6:  # alla helgons dag: the Saturday 31 Oct - 6 Nov
                s.add(day)
        _holidays[y] = s
    return d in _holidays[d.year]


def is_working_day(d):
    wd = d.isoweekday()
    if wd >= 6 or is_public_holiday(d):
        return False
    if d.month == 6 and 19 <= d.day <= 25 and wd == 5:  # midsommarafton
        return False
    if d.month == 12 and d.day in (24, 31):  # julafton, nyårsafton
        return False
    return True


def next_working_day(d):
    d += dt.timedelta(days=1)
    while not is_working_day(d):
        d += dt.timedelta(days=1)
    return d


def deadline(last_day):
    """The legal last day, or the next working day when it is not one (lag 1930:173)."""
    return last_day if is_working_day(last_day) else next_working_day(last_day)


def add_months(d, months):
    index = d.year * 12 + (d.month - 1) + months
    y, m = divmod(index, 12)
    m += 1
    last = (dt.date(y + (m == 12), m % 12 + 1, 1) - dt.timedelta(days=1)).day
    return dt.date(y, m, min(d.day, last))


# --- times --------------------------------------------------------------------------------


_days = {}


def _ymd(day):
    s = _days.get(day)
    if s is None:
        s = _days[day] = (dt.date(1970, 1, 1) + dt.timedelta(days=day)).isoformat()
    return s


def iso(t):
    """A unix time as samsyn stores it: UTC, microseconds, Z."""
    secs = int(t)
    us = int(round((t - secs) * 1e6))
    if us >= 1000000:
        secs, us = secs + 1, us - 1000000
    day, rem = divmod(secs, 86400)
    h, rem = divmod(rem, 3600)
    m, s = divmod(rem, 60)
    return f"{_ymd(day)}T{h:02d}:{m:02d}:{s:02d}.{us:06d}Z"


_hours = {}


def _local_hour(t):
    """(Stockholm day, hour) of unix time t; cached per UTC hour (offsets are whole hours)."""
    key = int(t // 3600)
    v = _hours.get(key)
    if v is None:
        lt = dt.datetime.fromtimestamp(key * 3600, STOCKHOLM)
        v = _hours[key] = (lt.date(), lt.hour)
    return v


def local_day(t):
    return _local_hour(t)[0]


def at_local(day, hour, minute=0):
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=STOCKHOLM).timestamp()


# --- the dated rules (migration 0002): days after the event, or None ---------------------

NEW_ACT = dt.date(2025, 7, 1)
FEEDBACK_DAYS_FROM = dt.date(2026, 1, 15)


def pre_assessment_day(day):
    return day + dt.timedelta(days=14)


def feedback_day(day):
    return day + dt.timedelta(days=7) if day >= FEEDBACK_DAYS_FROM else None


def protection_day(received):
    d, hour = _local_hour(received)
    if hour >= 16 or not is_working_day(d):
        d = next_working_day(d)
    return d


# --- the database -------------------------------------------------------------------------


class Target:
    """Either a SQLite file (the sqlite3 module) or PostgreSQL (psql)."""

    def __init__(self, url):
        self.url = url
        self.pg = url.startswith("postgres://") or url.startswith("postgresql://")
        self.con = None if self.pg else sqlite3.connect(url)

    def query(self, sql):
        if not self.pg:
            return [tuple(r) for r in self.con.execute(sql).fetchall()]
        out = subprocess.run(["psql", "-X", "-q", "-At", "-F", "\t", "-v", "ON_ERROR_STOP=1",
                              self.url, "-c", sql], check=True, capture_output=True,
                             text=True).stdout
        return [tuple(line.split("\t")) for line in out.splitlines() if line]

    def load(self, tables):
        """tables: [(name, columns, rows)] in dependency order, in one transaction."""
        if not self.pg:
            self.con.execute("PRAGMA cache_size = -262144")
            self.con.execute("BEGIN")
            for name, cols, rows in tables:
                marks = ", ".join("?" * len(cols))
                self.con.executemany(f"INSERT INTO {name} ({', '.join(cols)}) VALUES ({marks})",
                                     rows)
            self.con.execute("COMMIT")
            self.con.close()
            return
        proc = subprocess.Popen(["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", self.url],
                                stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True)
        w = proc.stdin.write
        w("BEGIN;\n")
        # The rows are consistent by construction: as the owner of the cluster (the bench's
        # throwaway one), skip the per-row foreign key triggers, as the SQLite load does.
        if self.query("SELECT rolsuper FROM pg_roles WHERE rolname = current_user") == [("t",)]:
            w("SET LOCAL session_replication_role = replica;\n")
        for name, cols, rows in tables:
            w(f"COPY {name} ({', '.join(cols)}) FROM STDIN;\n")
            for r in rows:
                w("\t".join(pg_text(v) for v in r))
                w("\n")
            w("\\.\n")
        for name, cols, _ in tables:
            if "id" in cols:
                w(f"SELECT setval(pg_get_serial_sequence('{name}', 'id'), "
                  f"(SELECT MAX(id) FROM {name}));\n")
        w("COMMIT;\nANALYZE;\n")
        proc.stdin.close()
        if proc.wait() != 0:
            sys.exit("seed: psql failed")


def pg_text(v):
    if v is None:
        return "\\N"
    if isinstance(v, str):
        return v.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n")
    return str(v)


# --- what the reports say -----------------------------------------------------------------

GIVEN = ["Alva", "Elis", "Maja", "Noah", "Wilma", "Liam", "Saga", "Hugo", "Ella", "Vidar",
         "Tyra", "Melvin", "Ines", "Colin", "Juni", "Sixten", "Stina", "Ebbe", "Lykke", "Otto",
         "Signe", "Loke", "Freja", "Nils", "Ester", "Alvar", "Idun", "Malte", "Greta", "Ture"]
FAMILY = ["Ekström", "Lindqvist", "Bergsten", "Almgren", "Holmberg", "Sjövall", "Norrby",
          "Fjällström", "Granlund", "Åkerlund", "Björkman", "Dahlin", "Strand", "Provsson",
          "Exempelberg", "Testlund", "Påhittad", "Låtsasson"]
SCHOOLS = ["Norrskolan", "Söderskolan", "Västra skolan", "Åkerbackens förskola", None]
CATEGORIES = [("neglect", 30), ("witnessed_violence", 12), ("violence", 10),
              ("sexual_abuse", 2), ("own_behaviour", 20), ("absence", 16), ("other", 10)]
VIOLENCE = {"violence", "witnessed_violence", "sexual_abuse"}
URGENCIES = [("acute", 5), ("high", 20), ("normal", 75)]
SEEN = {
    "neglect": "Kommer ofta utan mat och ytterkläder. Verkar trött och orolig under "
               "lektionerna.",
    "witnessed_violence": "Har berättat för mentorn att det är bråk hemma på kvällarna och att "
                          "hen inte vill gå hem.",
    "violence": "Har blåmärken på armarna som hen inte vill förklara.",
    "sexual_abuse": "Har berättat för skolsköterskan om något som hänt hemma som oroar.",
    "own_behaviour": "Har setts på fritidsgården sent på kvällar tillsammans med betydligt "
                     "äldre ungdomar.",
    "absence": "Har hög frånvaro sedan flera veckor. Vårdnadshavarna svarar inte när skolan "
               "ringer.",
    "other": "Verkar ledsen och säger att hen inte har någonstans att sova i helgen.",
}
WORDS = ["”Jag vill inte prata om det.”", "”Det finns ingen mat hemma.”",
         "”Mamma och pappa bråkar hela tiden.”", None, None]
PROTECTION_REASONING = ("Inget tyder på att barnet behöver skydd omedelbart. Uppgifterna "
                        "bedöms vidare i förhandsbedömningen.")
DECISION_REASONS = ("Bedömningen bygger på anmälan, samtal med barnet och kontakt med "
                    "vårdnadshavarna.")
NOT_HEARD = "Barnet är för litet för ett samtal om oron."


def weighted(rng, pairs):
    x = rng.random() * sum(w for _, w in pairs)
    for v, w in pairs:
        x -= w
        if x < 0:
            return v
    return pairs[-1][0]


# --- the simulation -----------------------------------------------------------------------


def receipt_times(rng, n, start, end):
    """n receipt times between start and end: weekdays, office hours mostly."""
    days = []
    d = local_day(start)
    while d <= local_day(end):
        days.append((d, 1.0 if d.isoweekday() <= 5 else 0.2))
        d += dt.timedelta(days=1)
    cum, total = [], 0.0
    for _, w in days:
        total += w
        cum.append(total)
    out = []
    while len(out) < n:
        day = days[bisect.bisect_left(cum, rng.random() * total)][0]
        if rng.random() < 0.85:
            hour = rng.uniform(7.5, 16.0)
        else:
            hour = rng.uniform(16.0, 23.5)
        t = at_local(day, 0) + hour * 3600 + rng.random()
        if start <= t <= end:
            out.append(round(t, 6))
    out.sort()
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--db", required=True)
    ap.add_argument("--reports", type=int, default=100000)
    ap.add_argument("--years", type=float, default=5.0)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    rng = random.Random(args.seed)
    t0 = time.monotonic()
    db = Target(args.db)
    now = time.time()

    # What is there already.
    def one(sql):
        r = db.query(sql)
        return int(r[0][0]) if r and r[0][0] not in (None, "") else 0

    ids = {t: one(f"SELECT COALESCE(MAX(id), 0) FROM {t}")
           for t in ("reports", "report_versions", "children", "guardians", "investigations",
                     "investigation_extensions", "feedback", "mail_outbox")}
    last_number = {}
    for number, in db.query("SELECT number FROM reports WHERE number IS NOT NULL"):
        year, seq = number[3:7], int(number[8:])
        last_number[year] = max(last_number.get(year, 0), seq)
    taken = {r[0] for r in db.query("SELECT pnr FROM children WHERE pnr IS NOT NULL")}
    staff = db.query("SELECT u.id, COALESCE(u.unit_id, 0), COALESCE(n.intake, 0) FROM users u"
                     " LEFT JOIN units n ON n.id = u.unit_id"
                     " WHERE u.role = 'staff' AND u.active = 1 ORDER BY u.id")
    workers = [int(u) for u, _, intake in staff if int(intake) == 1]
    reporters = [(int(u), int(unit) or None) for u, unit, intake in staff if int(intake) == 0]
    if not workers or not reporters:
        sys.exit("seed: no intake staff or no reporters: run `samsyn demo --db DB` first")

    # Children: test numbers of people born 2006-12 or later, by birth date.
    with open(PNR_FILE, encoding="ascii") as f:
        pool = sorted(p for p in (line.strip() for line in f)
                      if len(p) == 12 and p >= "200612" and p not in taken)
    births = [dt.date(int(p[:4]), int(p[4:6]), int(p[6:8])) for p in pool]
    birth_ts = [at_local(b, 12) for b in births]

    rows = {k: [] for k in ("children", "guardians", "reports", "report_versions",
                            "investigations", "investigation_extensions", "intakes",
                            "feedback", "mail_outbox")}
    child_of_pnr = {}   # pool index -> child id
    investigations = {}  # child id -> [[opened, closed or None, id]]

    def new_child(pnr, birth, t):
        ids["children"] += 1
        cid = ids["children"]
        name = f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}"
        protected = 1 if rng.random() < 0.005 else 0
        rows["children"].append((
            cid, pnr, "personnummer" if pnr else "reserve", name, name.casefold(),
            birth.isoformat(), protected,
            "Skyddad adress" if protected else None, None, rng.choice(SCHOOLS), iso(t), iso(t)))
        for g in range(rng.choice((0, 1, 2, 2))):
            ids["guardians"] += 1
            rows["guardians"].append((ids["guardians"], cid,
                                      f"{rng.choice(GIVEN)} {name.split()[1]}",
                                      "070-000 00 0%d" % g, 1))
        return cid, name

    names = {}

    def open_investigation_of(cid, t):
        for inv in investigations.get(cid, ()):
            if inv[0] <= t and (inv[1] is None or inv[1] > t):
                return inv[2]
        return None

    def new_investigation(cid, t, by, basis):
        ids["investigations"] += 1
        iid = ids["investigations"]
        end = add_months(local_day(t), 4)
        close = t + rng.uniform(55, 120) * 86400
        if rng.random() < 0.06:  # extended by two months, with reasons
            ext_at = at_local(end, 10) - rng.uniform(3, 20) * 86400
            new_end = add_months(end, 2)
            if ext_at < now:
                ids["investigation_extensions"] += 1
                rows["investigation_extensions"].append((
                    ids["investigation_extensions"], iid, iso(ext_at), workers[0],
                    "Utredningen behöver kompletteras med uppgifter från BUP.",
                    end.isoformat(), new_end.isoformat()))
                end = new_end
                close = at_local(end, 10) - rng.uniform(1, 30) * 86400
        closed = close if close < now else None
        rows["investigations"].append((iid, cid, iso(t), by, basis, end.isoformat(),
                                       iso(closed) if closed else None,
                                       workers[0] if closed else None))
        investigations.setdefault(cid, []).append([t, closed, iid])
        return iid

    start = now - args.years * 365.25 * 86400
    counts = {"protection": 0, "decision": 0, "feedback": 0}
    for received in receipt_times(rng, args.reports, start, now - 60):
        # The child: mostly one of the test numbers (reused), a few reserve identities.
        if rng.random() < 0.03:
            birth = local_day(received) - dt.timedelta(days=rng.randint(200, 17 * 365))
            cid, name = new_child(None, birth, received)
            pnr = None
        else:
            k = bisect.bisect_right(birth_ts, received - 30 * 86400)
            if k == 0:
                continue
            i = rng.randrange(k)
            pnr = pool[i]
            if i not in child_of_pnr:
                child_of_pnr[i] = new_child(pnr, births[i], received)
            cid, name = child_of_pnr[i]
        worker = rng.choice(workers)
        reporter, unit = rng.choice(reporters)
        category = weighted(rng, CATEGORIES)
        urgency = weighted(rng, URGENCIES)
        day = local_day(received)
        year = f"{day.year:04d}"
        last_number[year] = last_number.get(year, 0) + 1
        number = f"OA-{year}-{last_number[year]:06d}"
        ids["reports"] += 1
        rid = ids["reports"]
        created = received - rng.uniform(120, 1800)
        rows["reports"].append((
            rid, number, "submitted", reporter, unit, "0123-45 67 89", None, 1, cid,
            iso(received), category, urgency, iso(received), iso(created), iso(received)))
        ids["report_versions"] += 1
        rows["report_versions"].append((
            ids["report_versions"], rid, 1, cid, pnr, name,
            None if pnr else rows["children"][-1][5], rng.choice(SCHOOLS), iso(received),
            category, SEEN[category], rng.choice(WORDS), rng.choice(("yes", "no", "unknown")),
            urgency, None, reporter, iso(received)))

        # Intake, as intake_open and the later steps leave it.
        protect = protection_day(received)
        decision = decided_at = decided_by = investigation = None
        decision_due = feedback_due = None
        if category in VIOLENCE:
            investigation = open_investigation_of(cid, received)
            decision = "ongoing" if investigation else "investigate"
            if not investigation:
                investigation = new_investigation(cid, received, None, "violence")
            decided_at = received
            feedback_due = feedback_day(day)
        else:
            decision_due = pre_assessment_day(day)
        # Protection assessment: within hours on the due day.
        p_at = max(received + 600, at_local(protect, 8)) + rng.uniform(0, 5) * 3600
        if local_day(p_at) > protect:
            p_at = at_local(protect, 15, 30)
        p_at = max(p_at, received + 60)
        assessed = p_at < now
        needed = 1 if rng.random() < 0.03 else 0
        heard = reasons_nh = exceptional = None
        reasons = None
        if decision is None and assessed:
            d_at = received + rng.uniform(3, 13.5) * 86400
            if rng.random() < 0.02:
                d_at = received + rng.uniform(15, 25) * 86400
            d_at = max(d_at, p_at + 3600)
            if d_at < now:
                decided_at, decided_by = d_at, worker
                investigation = open_investigation_of(cid, d_at)
                if investigation:
                    decision = "ongoing"
                elif rng.random() < 0.35:
                    decision = "investigate"
                    investigation = new_investigation(cid, d_at, worker, "decision")
                else:
                    decision = "not_investigate"
                    heard = 1 if rng.random() < 0.7 else 0
                    reasons_nh = None if heard else NOT_HEARD
                reasons = DECISION_REASONS
                if local_day(d_at) > deadline(decision_due):
                    exceptional = "Vårdnadshavarna gick inte att nå före fristen."
                feedback_due = feedback_day(local_day(d_at))
        # Feedback to the reporter, a few days after the decision.
        sent = None
        if decision is not None:
            s_at = max(decided_at, p_at if assessed else decided_at) + rng.uniform(0.2, 6.5) * 86400
            if s_at < now and (feedback_due is not None or rng.random() < 0.85):
                sent = s_at
        meeting = None
        if decision is not None and rng.random() < 0.2 and decided_at + 86400 < now:
            meeting = decided_at + 86400
        informed = None
        if decision == "investigate" and decided_at + 2 * 86400 < now:
            informed = decided_at + rng.uniform(0.1, 2) * 86400
        # intake_restage: stage, and the step the inbox shows.
        stage = "new" if not assessed else "assessed" if decision is None else "decided"
        pending = due = None
        if not assessed:
            pending, due = "protection", protect
        elif decision is None:
            pending, due = "decision", decision_due
        elif sent is None and feedback_due is not None:
            pending, due = "feedback", feedback_due
        if pending:
            counts[pending] += 1
        d_or_none = lambda d: d.isoformat() if d else None
        rows["intakes"].append((
            rid, stage, protect.isoformat(), d_or_none(decision_due),
            iso(p_at) if assessed else None, worker if assessed else None,
            needed if assessed else None, PROTECTION_REASONING if assessed else None,
            decision, iso(decided_at) if decided_at else None, decided_by, reasons, heard,
            reasons_nh, exceptional, investigation, iso(meeting) if meeting else None,
            worker if meeting else None, "child,guardian" if meeting else None,
            iso(informed) if informed else None, worker if informed else None,
            d_or_none(feedback_due), pending, d_or_none(due)))
        if sent is not None:
            outcome = {"investigate": "opened", "not_investigate": "not_opened"}.get(
                decision, "ongoing")
            ids["feedback"] += 1
            read = sent + rng.uniform(0.05, 3) * 86400
            rows["feedback"].append((ids["feedback"], rid, outcome, None, iso(sent), worker,
                                     iso(read) if read < now and rng.random() < 0.9 else None))
            ids["mail_outbox"] += 1
            rows["mail_outbox"].append((ids["mail_outbox"], reporter, "feedback", iso(sent),
                                        iso(sent + 60), 1, None))

    cols = {
        "children": ("id", "pnr", "id_kind", "name", "name_key", "birth_date",
                     "protected_identity",
                     "address", "school_unit_id", "school_name", "created_at", "updated_at"),
        "guardians": ("id", "child_id", "name", "phone", "custody"),
        "reports": ("id", "number", "status", "reporter_id", "reporter_unit_id",
                    "reporter_phone", "client_key", "version", "child_id", "received_at",
                    "category", "urgency", "submitted_at", "created_at", "updated_at"),
        "report_versions": ("id", "report_id", "version", "child_id", "child_pnr",
                            "child_name", "child_birth_date", "child_school", "received_at",
                            "category", "observed", "child_words", "guardians_know",
                            "urgency", "reason", "made_by", "made_at"),
        "investigations": ("id", "child_id", "opened_at", "opened_by", "basis", "end_date",
                           "closed_at", "closed_by"),
        "investigation_extensions": ("id", "investigation_id", "decided_at", "decided_by",
                                     "reasons", "previous_end", "new_end"),
        "intakes": ("report_id", "stage", "protection_due", "decision_due", "protection_at",
                    "protection_by", "protection_needed", "protection_reasoning", "decision",
                    "decided_at", "decided_by", "decision_reasons", "child_heard",
                    "child_not_heard_reason", "exceptional_reason", "investigation_id",
                    "meeting_offered_at", "meeting_offered_by", "meeting_offered_to",
                    "guardians_informed_at", "guardians_informed_by", "feedback_due",
                    "pending", "pending_due"),
        "feedback": ("id", "report_id", "outcome", "message", "sent_at", "sent_by", "read_at"),
        "mail_outbox": ("id", "user_id", "kind", "created_at", "sent_at", "attempts",
                        "last_error"),
    }
    t1 = time.monotonic()
    db.load([(name, cols[name], rows[name]) for name in cols])
    open_inv = sum(1 for r in rows["investigations"] if r[6] is None)
    print(f"seed: {len(rows['reports'])} reports, {len(rows['children'])} children, "
          f"{len(rows['investigations'])} investigations ({open_inv} open), "
          f"{len(rows['feedback'])} feedback; pending: {counts['protection']} protection, "
          f"{counts['decision']} decision, {counts['feedback']} feedback; "
          f"generated in {t1 - t0:.1f} s, loaded in {time.monotonic() - t1:.1f} s")


if __name__ == "__main__":
    main()
