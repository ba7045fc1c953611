//! What Ordinal hands out, without a browser:
//!
//! - [`link`]: the payload of a share link (text and view state), before compression;
//! - [`base64`]: standard and URL-safe base64, both ways;
//! - [`single_file`]: one HTML file holding the player, its WebAssembly and a scenario, that
//!   works when opened from disk with no network.
//!
//! The page compresses a link's payload with the browser's own `CompressionStream` (no deflate
//! code in the download); everything else is here, pure and tested natively, and shared by the
//! page (its Share and Export buttons) and `cargo xtask offline`.

pub mod base64;
pub mod link;
pub mod single_file;
