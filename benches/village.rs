//! Benchmarks: initializing one village, one monthly step of one village, and a whole small run.
//! `cargo bench` runs them; CI only compiles them (clippy --all-targets).

use std::hint::black_box;

use criterion::{criterion_group, criterion_main, Criterion};
use huzhu::engine;
use huzhu::metrics::c;
use huzhu::model::{init, rng, Model};
use huzhu::scenario::Scenario;

fn village_benches(cr: &mut Criterion) {
    let scenario = Scenario::builtin_baseline();
    let params = scenario.params();
    let model = Model::new(&params);
    let key = rng::village_key(1, 0, 0);

    cr.bench_function("initialize one village (≈1,370 registered)", |b| {
        b.iter(|| black_box(init::initialize(&params, black_box(key))))
    });

    let start = init::initialize(&params, key);
    cr.bench_function("one month of one village", |b| {
        b.iter_batched_ref(
            || start.clone(),
            |v| {
                let mut month = [0u64; c::COUNT];
                model.step(v, &mut month);
                black_box(month)
            },
            criterion::BatchSize::SmallInput,
        )
    });

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
