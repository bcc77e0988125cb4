//! Random tokens from the operating system's generator.

pub use tongban_crypto::random_token as token;
