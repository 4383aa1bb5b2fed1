//! The allocator of the site's wasm modules: std's own (dlmalloc) with memory taken
//! from the browser in steps that grow with the heap.
//!
//! std's allocator grows the module's memory 64 KiB at a time: a city's directory
//! (a heap of a few GB) takes tens of thousands of `memory.grow`s. Engines of the
//! age that many office and in-app browsers still run (V8 11, as in Chrome 113)
//! account every grow as a new buffer of the whole memory and collect garbage every
//! few of them: there a million firms' import took half its time in it, and their
//! commitment a quarter. Here each step is at least an eighth of the memory already
//! held, so a heap of any size takes a few dozen steps, and exactly what was asked
//! for when the larger step does not fit.
//!
//! Declared here, once, for every wasm module that links this crate: the site's, the
//! small one, the XLSX one and the wasm tests (whose figures are then the site's).

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
use wasm::Allocator;

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: Allocator = Allocator::new();

/// A wasm page.
pub const PAGE: usize = 64 * 1024;
/// The least step: 1 MiB.
const LEAST_PAGES: usize = 16;
/// The largest step beyond what was asked for: 256 MiB, so that the last step before
/// the 4 GiB limit wastes little.
const MOST_PAGES: usize = 4096;

/// How many pages to ask for when `wanted` are needed and `held` are held: the
/// larger step first, then exactly `wanted` (on 32-bit wasm the larger may not fit
/// below the 4 GiB limit where the smaller still does).
pub fn steps(wanted: usize, held: usize) -> [usize; 2] {
    let generous = (held / 8).clamp(LEAST_PAGES, MOST_PAGES);
    [wanted.max(generous), wanted]
}

#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
mod wasm {
    use super::{steps, PAGE};
    use core::alloc::{GlobalAlloc, Layout};
    use core::arch::wasm32;
    use core::cell::UnsafeCell;

    /// Where dlmalloc gets its memory: the module's own, grown by [`steps`].
    struct Growing;

    unsafe impl dlmalloc::Allocator for Growing {
        fn alloc(&self, size: usize) -> (*mut u8, usize, u32) {
            let wanted = size.div_ceil(PAGE);
            for pages in steps(wanted, wasm32::memory_size(0)) {
                let previous = wasm32::memory_grow(0, pages);
                if previous == usize::MAX {
                    continue;
                }
                let base = previous * PAGE;
                let size = pages * PAGE;
                // A region ending at the very top of the address space would make a
                // pointer past its end wrap to 0; its last bytes are left unused, as std does.
                let size = if base.wrapping_add(size) == 0 { size - 16 } else { size };
                return (base as *mut u8, size, 0);
            }
            (core::ptr::null_mut(), 0, 0)
        }

        fn remap(&self, _ptr: *mut u8, _old: usize, _new: usize, _can_move: bool) -> *mut u8 {
            core::ptr::null_mut()
        }

        fn free_part(&self, _ptr: *mut u8, _old: usize, _new: usize) -> bool {
            false
        }

        // A wasm module's memory never shrinks.
        fn free(&self, _ptr: *mut u8, _size: usize) -> bool {
            false
        }

        fn can_release_part(&self, _flags: u32) -> bool {
            false
        }

        fn allocates_zeros(&self) -> bool {
            true
        }

        fn page_size(&self) -> usize {
            PAGE
        }
    }

    /// The global allocator of the wasm modules (see the module's documentation).
    pub struct Allocator(UnsafeCell<dlmalloc::Dlmalloc<Growing>>);

    impl Allocator {
        pub const fn new() -> Allocator {
            Allocator(UnsafeCell::new(dlmalloc::Dlmalloc::new_with_allocator(Growing)))
        }
    }

    // A wasm module built without the `atomics` feature runs on one thread: no two calls
    // can overlap (this module is compiled only then).
    unsafe impl Sync for Allocator {}

    unsafe impl GlobalAlloc for Allocator {
        unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
            (*self.0.get()).malloc(layout.size(), layout.align())
        }

        unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
            (*self.0.get()).free(ptr, layout.size(), layout.align())
        }

        unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
            (*self.0.get()).calloc(layout.size(), layout.align())
        }

        unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
            (*self.0.get()).realloc(ptr, layout.size(), layout.align(), new_size)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn steps_grow_with_the_heap_within_bounds() {
        // check(wanted pages, held pages, [first ask, fallback])
        let check = |wanted, held, expected| assert_eq!(steps(wanted, held), expected, "wanted {wanted} held {held}");
        check(1, 17, [LEAST_PAGES, 1]);
        check(1, 800, [100, 1]);
        check(1, 60_000, [MOST_PAGES, 1]);
        check(300, 800, [300, 300]);
        check(5_000, 60_000, [5_000, 5_000]);
    }

    #[test]
    fn a_heap_of_four_gib_takes_few_steps() {
        let (mut held, mut steps_taken) = (17, 0);
        while held < 65_536 {
            held += steps(1, held)[0];
            steps_taken += 1;
        }
        // std's allocator: one step per 64 KiB page, about 65,000.
        assert!(steps_taken < 80, "{steps_taken}");
    }
}
