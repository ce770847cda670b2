"""Benchmarks: one module per task, each exposing ``run(data_dir, **options) -> BenchResult``.

``eventwire bench TASK`` imports ``eventwire.bench.TASK`` and calls ``run``; the
result's markdown is printed and written into its own section of BENCHMARKS.md.
"""

TASKS = {
    # task name -> one-line description (shown by `eventwire bench --help`)
    "speed": "articles/s of extract_many vs bare spaCy nlp.pipe, 1 and 2 processes",
    "time": "TempEval-3 TBAQ: TIMEX3 extent P/R/F1, type and value accuracy, value F1 vs HeidelTime/SUTime",
}
