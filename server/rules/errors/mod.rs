//! Error rules: FG401 exception-in-response.
//!
//! The response data flow is shared with the response rules: [`crate::rules::responses`]
//! runs it once per view and hands exception leaks to [`exception_in_response`].

pub mod exception_in_response;
