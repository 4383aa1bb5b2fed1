//! Two independent computations at once where the platform has threads (the CLI on a
//! multi-core machine); one after the other in the browser's wasm. Results never
//! depend on which: both closures are pure.

/// Runs `a` and `b`, in parallel when threads are available.
pub fn join<A: Send, B: Send>(a: impl FnOnce() -> A + Send, b: impl FnOnce() -> B + Send) -> (A, B) {
    #[cfg(not(target_arch = "wasm32"))]
    {
        std::thread::scope(|s| {
            let other = s.spawn(a);
            let rb = b();
            let ra = match other.join() {
                Ok(ra) => ra,
                Err(panic) => std::panic::resume_unwind(panic),
            };
            (ra, rb)
        })
    }
    #[cfg(target_arch = "wasm32")]
    {
        (a(), b())
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn both_results_come_back_in_order() {
        assert_eq!(super::join(|| 1 + 1, || "b".repeat(2)), (2, "bb".to_string()));
    }
}
