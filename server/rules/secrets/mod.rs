//! Secret rules: FG101 hardcoded-secret, FG102 provider-key, FG103 credentials-in-url,
//! FG104 hardcoded-env-fallback. One literal yields one finding: FG102, else FG103,
//! else FG104, else FG101.

use tree_sitter::Node;

use crate::analysis::RuleContext;
use crate::finding::Finding;

pub fn check_statement(_stmt: Node<'_>, _cx: &RuleContext<'_>, _out: &mut Vec<Finding>) {}
