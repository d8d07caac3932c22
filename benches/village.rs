//! Benchmarks: initializing one village, one monthly step of one village, each step of a month on its
//! own, and a whole small run.
//! `cargo bench` runs them; CI only compiles them (clippy --all-targets).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use huzhu::engine;
use huzhu::metrics::Counters;
use huzhu::model::{init, rng, Model, Workspace, STEPS};
use huzhu::scenario::Scenario;

fn village_benches(cr: &mut Criterion) {
    let scenario = Scenario::builtin_baseline();
    let params = scenario.params();
    let model = Model::new(params);
    let key = rng::village_key(1, 0, 0);

    cr.bench_function("initialize one village (≈1,370 registered)", |b| {
        b.iter(|| black_box(init::initialize(params, black_box(key))))
    });

    let start = init::initialize(params, key);
    cr.bench_function("one month of one village", |b| {
        b.iter_batched_ref(
            || (start.clone(), Workspace::default()),
            |(v, work)| {
                let mut month = Counters::default();
                model.step(v, work, &mut month);
                black_box(month)
            },
            criterion::BatchSize::SmallInput,
        )
    });

    // Each step of MODEL.md §3 on its own, averaged over eight villages taken 2 to 19 years into a run.
    // A copy of one of them runs a whole month first (so that its vectors have grown past the exact
    // lengths a clone gives them, as in a real run) and is brought to the point of the next month where
    // the step runs; none of that is timed, only the step.
    let villages: Vec<_> = (0..8u64)
        .map(|k| {
            let mut v = init::initialize(params, rng::village_key(1, 0, k));
            let mut work = Workspace::default();
            for _ in 0..24 + 25 * k {
                model.step(&mut v, &mut work, &mut Counters::default());
            }
            (v, work)
        })
        .collect();
    let mut group = cr.benchmark_group("steps of one month of one village");
    for (k, (name, step)) in STEPS.iter().enumerate() {
        let mut next = villages.iter().cycle();
        group.bench_function(*name, |b| {
            b.iter_batched_ref(
                || {
                    let (mut v, mut work) = next.next().expect("a village").clone();
                    model.step(&mut v, &mut work, &mut Counters::default());
                    Model::start_month(&mut v);
                    let levers = params.levers.in_force(v.month);
                    for (_, earlier) in &STEPS[..k] {
                        earlier(&model, &mut v, &levers, &mut work, &mut Counters::default());
                    }
                    (v, work)
                },
                |(v, work)| {
                    let mut month = Counters::default();
                    step(&model, v, &params.levers.in_force(v.month), work, &mut month);
                    black_box(month)
                },
                // One copy at a time, so that the step finds it in the cache, as in a real run.
                criterion::BatchSize::PerIteration,
            )
        });
    }
    group.finish();

    let mut small = scenario.clone();
    for set in ["villages.count=4", "run.replicates=1", "run.years=5"] {
        small.set(set, "bench").expect("valid setting");
    }
    let mut group = cr.benchmark_group("whole runs");
    group.sample_size(10);
    group.bench_function("4 villages × 5 years", |b| {
        b.iter(|| black_box(engine::run(std::slice::from_ref(&small), Some(1), &()).expect("runs")))
    });
    group.finish();
}

criterion_group!(benches, village_benches);
criterion_main!(benches);
