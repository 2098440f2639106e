//! A record as written in its file (its YAML tree), kept beside the typed record
//! for deriving what an audience may see.

use super::yaml::{parse, Node, NodeKind};
use crate::model::{Kind, Visibility};
use crate::source::{FileId, SourceMap, Span};

/// A record as written in its file, before it became a typed record.
#[derive(Debug, Clone)]
pub struct RawRecord {
    /// Its kind.
    pub kind: Kind,
    /// Its id.
    pub id: String,
    /// Its file.
    pub file: FileId,
    /// Where its mapping is written in the file (for a process: in its front matter).
    pub span: Span,
    /// Its `visibility`, if it sets one it may have.
    pub visibility: Option<Visibility>,
    /// Its YAML tree, kept only when it stands in a list file (which would be read
    /// again once per record); [`RawRecord::tree`] reads the others again from their
    /// file when a site for a narrower audience needs them. A large registry's trees
    /// are a good part of its memory.
    pub node: Option<Node>,
}

impl RawRecord {
    /// A record as loaded from `node`; the tree is kept if `keep` (a record of a list
    /// file).
    pub fn new(kind: Kind, id: String, file: FileId, node: Node, keep: bool) -> Self {
        RawRecord {
            kind,
            id,
            file,
            span: node.span,
            visibility: super::visibility::written_visibility(&node),
            node: keep.then_some(node),
        }
    }

    /// The record's YAML tree: kept, or parsed again from its file's text as loaded
    /// (the text in `sources`, never the file on disk, which may have changed since;
    /// `None` if that text no longer holds it).
    pub fn tree(&self, sources: &SourceMap) -> Option<Node> {
        if let Some(node) = &self.node {
            return Some(node.clone());
        }
        let file = sources.get(self.file);
        let root = match self.kind {
            Kind::Process | Kind::Answer => parse(&super::front_matter::split(file)?.yaml).ok()?,
            _ => parse(file).ok()?,
        };
        if root.span == self.span {
            return Some(root);
        }
        match root.kind {
            NodeKind::Seq(items) => items.into_iter().find(|n| n.span == self.span),
            _ => None,
        }
    }
}
