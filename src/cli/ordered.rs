//! Work on numbered items on every thread of the rayon pool, the results
//! taken in item order on the calling thread, with a bounded number of items
//! ahead of the one taken next: a pipeline that keeps all cores busy while
//! its output stays in order and its memory stays bounded.

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Condvar, Mutex, MutexGuard, PoisonError, mpsc};

/// Runs `work` on the items `0..count` on the threads of the rayon pool and
/// hands each result to `take` on the calling thread, in item order. An item
/// starts only when fewer than `ahead` items lie between it and the next one
/// to be taken, so at most about `ahead` results wait in memory. When `take`
/// returns false no further item starts, and the results of those already
/// started are dropped.
///
/// Called on a thread of the pool itself (where waiting for the pool could
/// wait forever), the items are worked on one after another on that thread.
pub(super) fn run_in_order<T: Send>(
    count: usize,
    ahead: usize,
    work: impl Fn(usize) -> T + Sync,
    mut take: impl FnMut(T) -> bool,
) {
    if rayon::current_thread_index().is_some() {
        for i in 0..count {
            if !take(work(i)) {
                break;
            }
        }
        return;
    }
    let ahead = ahead.max(1);
    let workers = rayon::current_num_threads().min(count);
    let next = AtomicUsize::new(0);
    let gate = Gate::default();
    let (done, results) = mpsc::channel::<(usize, T)>();
    rayon::in_place_scope(|scope| {
        for _ in 0..workers {
            let done = done.clone();
            let (next, gate, work) = (&next, &gate, &work);
            scope.spawn(move |_| {
                let _stop = StopOnPanic(gate);
                loop {
                    // items are claimed in order, so the next one to be
                    // taken is always being worked on, never waiting
                    let i = next.fetch_add(1, Ordering::Relaxed);
                    if i >= count || !gate.wait_for_room(i, ahead) {
                        break;
                    }
                    if done.send((i, work(i))).is_err() {
                        break;
                    }
                }
            });
        }
        drop(done);
        let mut waiting: BTreeMap<usize, T> = BTreeMap::new();
        let mut taken = 0;
        let mut going = true;
        // ends when every worker has finished (and dropped its sender)
        for (i, result) in results {
            if !going {
                continue;
            }
            waiting.insert(i, result);
            while let Some(result) = waiting.remove(&taken) {
                taken += 1;
                going = take(result);
                gate.advance(taken, !going);
                if !going {
                    waiting.clear();
                    break;
                }
            }
        }
    });
}

/// How far the taking has got, for the workers to wait on.
#[derive(Default)]
struct Gate {
    state: Mutex<GateState>,
    changed: Condvar,
}

#[derive(Default)]
struct GateState {
    taken: usize,
    stopped: bool,
}

impl Gate {
    fn lock(&self) -> MutexGuard<'_, GateState> {
        self.state.lock().unwrap_or_else(PoisonError::into_inner)
    }

    /// Waits until item `i` may start; false if the run has stopped.
    fn wait_for_room(&self, i: usize, ahead: usize) -> bool {
        let mut state = self.lock();
        while !state.stopped && i >= state.taken + ahead {
            state = self
                .changed
                .wait(state)
                .unwrap_or_else(PoisonError::into_inner);
        }
        !state.stopped
    }

    fn advance(&self, taken: usize, stop: bool) {
        let mut state = self.lock();
        state.taken = taken;
        state.stopped |= stop;
        self.changed.notify_all();
    }

    fn stop(&self) {
        self.lock().stopped = true;
        self.changed.notify_all();
    }
}

/// Stops the run when a worker panics, so that the others do not wait for
/// room forever and the panic reaches the caller.
struct StopOnPanic<'a>(&'a Gate);

impl Drop for StopOnPanic<'_> {
    fn drop(&mut self) {
        if std::thread::panicking() {
            self.0.stop();
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Work that takes longer for some items than for others, so that items
    /// finish out of order.
    fn uneven(i: usize) -> usize {
        let spins = (i * 7919 % 13) * 20_000;
        let mut x = i;
        for _ in 0..spins {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(1));
        }
        std::hint::black_box(x);
        i * i
    }

    #[test]
    fn results_come_in_order_with_bounded_lookahead() {
        for ahead in [1, 2, 5] {
            let started = AtomicUsize::new(0);
            let taken = AtomicUsize::new(0);
            let most_ahead = AtomicUsize::new(0);
            let mut got = Vec::new();
            run_in_order(
                200,
                ahead,
                |i| {
                    started.fetch_add(1, Ordering::SeqCst);
                    most_ahead.fetch_max(i - taken.load(Ordering::SeqCst), Ordering::SeqCst);
                    uneven(i)
                },
                |x| {
                    got.push(x);
                    taken.fetch_add(1, Ordering::SeqCst);
                    true
                },
            );
            assert_eq!(got, (0..200).map(|i| i * i).collect::<Vec<_>>());
            assert_eq!(started.load(Ordering::SeqCst), 200);
            assert!(most_ahead.load(Ordering::SeqCst) < ahead, "ahead {ahead}");
        }
    }

    #[test]
    fn taking_false_stops_the_run() {
        let started = AtomicUsize::new(0);
        let mut got = Vec::new();
        run_in_order(
            1000,
            4,
            |i| {
                started.fetch_add(1, Ordering::SeqCst);
                uneven(i)
            },
            |x| {
                got.push(x);
                got.len() < 10
            },
        );
        assert_eq!(got, (0..10).map(|i| i * i).collect::<Vec<_>>());
        // the ten taken, and at most the four allowed ahead of the last
        assert!(started.load(Ordering::SeqCst) <= 14, "{started:?}");
    }

    #[test]
    fn inside_the_pool_the_items_run_one_after_another() {
        let pool = rayon::ThreadPoolBuilder::new()
            .num_threads(1)
            .build()
            .unwrap();
        let got = pool.install(|| {
            let mut got = Vec::new();
            run_in_order(50, 3, uneven, |x| {
                got.push(x);
                true
            });
            got
        });
        assert_eq!(got, (0..50).map(|i| i * i).collect::<Vec<_>>());
    }

    #[test]
    fn a_panicking_item_reaches_the_caller() {
        let outcome = std::panic::catch_unwind(|| {
            run_in_order(
                100,
                2,
                |i| {
                    assert_ne!(i, 7, "item 7 fails");
                    uneven(i)
                },
                |_| true,
            )
        });
        assert!(outcome.is_err());
    }

    #[test]
    fn no_items() {
        let mut taken = 0;
        run_in_order(
            0,
            3,
            |i| i,
            |_| {
                taken += 1;
                true
            },
        );
        assert_eq!(taken, 0);
    }
}
