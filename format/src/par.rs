//! Independent computations at once where the platform has threads (the CLI on a
//! multi-core machine); one after the other in the browser's wasm. Results never
//! depend on which: every closure is pure.

/// Runs `a` and `b`, in parallel when threads are available.
pub fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::scope(|s| {
            let other = s.spawn(a);
            let rb = b();
            (joined(other), rb)
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        (a(), b())
    }
}

/// Runs `early` beside `main`, which takes `early`'s result through [`Ahead::get`]
/// only where it needs it: a hash of a whole document computed while the rest of it
/// is checked. Without threads `early` runs first.
pub fn ahead<A: Send, R>(early: impl FnOnce() -> A + Send, main: impl FnOnce(&mut Ahead<'_, A>) -> R) -> R {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::scope(|s| main(&mut Ahead { running: Some(s.spawn(early)), done: None }))
    }
    #[cfg(target_arch = "wasm32")]
    {
        main(&mut Ahead { done: Some(early()), scope: std::marker::PhantomData })
    }
}

/// The result of a computation started by [`ahead`].
pub struct Ahead<'scope, A> {
    #[cfg(not(target_arch = "wasm32"))]
    running: Option<std::thread::ScopedJoinHandle<'scope, A>>,
    #[cfg(target_arch = "wasm32")]
    scope: std::marker::PhantomData<&'scope ()>,
    done: Option<A>,
}

impl<A> Ahead<'_, A> {
    /// The result, waiting for it the first time if it is still being computed.
    pub fn get(&mut self) -> &A {
        #[cfg(not(target_arch = "wasm32"))]
        if let Some(running) = self.running.take() {
            self.done = Some(joined(running));
        }
        self.done.as_ref().expect("a computation started ahead has its result once joined")
    }
}

/// A scoped thread's result; its panic goes on in the caller.
#[cfg(not(target_arch = "wasm32"))]
fn joined<T>(handle: std::thread::ScopedJoinHandle<'_, T>) -> T {
    match handle.join() {
        Ok(value) => value,
        Err(panic) => std::panic::resume_unwind(panic),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_results_come_back_in_order() {
        assert_eq!(super::join(|| 1 + 1, || "b".repeat(2)), (2, "bb".to_string()));
    }

    #[test]
    fn a_result_computed_ahead_is_the_same_each_time_it_is_asked_for() {
        let text = "a".repeat(1000);
        let (first, again, main) = super::ahead(
            || text.len(),
            |early| {
                let main = text.to_uppercase();
                (*early.get(), *early.get(), main)
            },
        );
        assert_eq!((first, again, main.len()), (1000, 1000, 1000));
        assert_eq!(super::ahead(|| 7, |_| "not asked"), "not asked");
    }
}
