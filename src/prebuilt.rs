//! Embedded TOML, parsed at build time into a flat tree that serde reads without parsing.
//!
//! `build.rs` parses the TOML part of every shipped file (a track's front matter,
//! `situations.toml`, the scripts) and writes it out as two statics: one string holding every key
//! and string value, and an array of [`Node`]s that point into it and at each other by index.
//! Reading a script is then a walk over integers: no tokenising, no escapes, no number parsing.
//! Reading the same content as JSON was the largest part of what `mend diagnose` spent.
//!
//! Indices instead of pointers keep the tables free of load-time relocations, so content that a
//! command does not read costs it nothing at start-up.
//!
//! The TOML stays the source of truth: a file that does not parse at build time gets no tree and
//! is left to the run-time parser, which reports its line and column; and a unit test checks that
//! every tree reads back equal to its TOML.

use serde::de::{self, DeserializeSeed, IntoDeserializer, MapAccess, SeqAccess, Visitor};
use std::fmt;

/// One value of the tree. Strings are (offset, length) into the string table; arrays and tables
/// are (first, count) into the node table, a table's entries being (key, value) node pairs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Node {
    Str(u32, u32),
    Int(i64),
    Float(f64),
    Bool(bool),
    Array(u32, u32),
    Table(u32, u32),
}

/// A tree: the string table and the node table it indexes.
#[derive(Debug, Clone, Copy)]
pub struct Tree {
    pub strings: &'static str,
    pub nodes: &'static [Node],
}

impl Tree {
    fn str(&self, offset: u32, len: u32) -> &'static str {
        let start = offset as usize;
        self.strings.get(start..start + len as usize).unwrap_or_default()
    }

    fn slice(&self, first: u32, count: usize) -> &'static [Node] {
        let start = first as usize;
        self.nodes.get(start..start + count).unwrap_or_default()
    }

    /// Deserializes the value rooted at node `root`.
    pub fn read<T: de::DeserializeOwned>(self, root: u32) -> Result<T, Error> {
        let node = self.nodes.get(root as usize).ok_or_else(|| Error("root out of range".into()))?;
        T::deserialize(Value { tree: self, node: *node })
    }
}

/// Why a tree did not fit the type asked for; the caller falls back to the TOML text.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }
}

/// A node being deserialized.
struct Value {
    tree: Tree,
    node: Node,
}

impl<'de> de::Deserializer<'de> for Value {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.node {
            Node::Str(offset, len) => visitor.visit_str(self.tree.str(offset, len)),
            Node::Int(i) => visitor.visit_i64(i),
            Node::Float(x) => visitor.visit_f64(x),
            Node::Bool(b) => visitor.visit_bool(b),
            Node::Array(first, count) => {
                visitor.visit_seq(Seq { tree: self.tree, items: self.tree.slice(first, count as usize).iter() })
            }
            Node::Table(first, count) => visitor.visit_map(Map {
                tree: self.tree,
                entries: self.tree.slice(first, 2 * count as usize).chunks_exact(2),
            }),
        }
    }

    /// TOML has no null: a present value is always `Some`.
    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_some(self)
    }

    /// Unit variants are written as strings (`kind = "yes-no"`).
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        match self.node {
            Node::Str(offset, len) => visitor.visit_enum(self.tree.str(offset, len).into_deserializer()),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier ignored_any
    }
}

struct Seq {
    tree: Tree,
    items: std::slice::Iter<'static, Node>,
}

impl<'de> SeqAccess<'de> for Seq {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        self.items.next().map(|node| seed.deserialize(Value { tree: self.tree, node: *node })).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.items.len())
    }
}

struct Map {
    tree: Tree,
    entries: std::slice::ChunksExact<'static, Node>,
}

impl<'de> MapAccess<'de> for Map {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        match self.entries.clone().next() {
            Some([key, _]) => seed.deserialize(Value { tree: self.tree, node: *key }).map(Some),
            _ => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.entries.next() {
            Some([_, value]) => seed.deserialize(Value { tree: self.tree, node: *value }),
            _ => Err(Error("a value was asked for after the last key".into())),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}

/// A piece of content text (a situation's description, a question, a talk-track line) that
/// borrows from the build-time string table when it came from there.
///
/// Shipped content is read from [`Tree`]s whose strings already live in the binary; copying the
/// script and situations onto the heap was a quarter of the memory `mend diagnose` touched, and
/// each new heap page costs a page fault. Text from a team's files is owned as usual. The check
/// is an address comparison and a slice of the `'static` table: no `unsafe`.
#[derive(Clone, PartialEq, Eq)]
pub struct Text(std::borrow::Cow<'static, str>);

impl Text {
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The text as a `'static` slice of the embedded string table, if it lies inside it.
    fn from_table(text: &str) -> Option<Text> {
        let table = crate::library::embedded_strings();
        let offset = (text.as_ptr() as usize).checked_sub(table.as_ptr() as usize)?;
        table.get(offset..offset.checked_add(text.len())?).map(|s| Text(std::borrow::Cow::Borrowed(s)))
    }
}

impl std::ops::Deref for Text {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.0, f)
    }
}

impl fmt::Display for Text {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl From<Text> for String {
    fn from(t: Text) -> Self {
        t.0.into_owned()
    }
}

impl PartialEq<&str> for Text {
    fn eq(&self, other: &&str) -> bool {
        *self.0 == **other
    }
}

impl serde::Serialize for Text {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.0)
    }
}

impl<'de> de::Deserialize<'de> for Text {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visit;
        impl Visitor<'_> for Visit {
            type Value = Text;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Text, E> {
                Ok(Text::from_table(v).unwrap_or_else(|| Text(v.to_string().into())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Text, E> {
                Ok(Text(v.into()))
            }
        }
        deserializer.deserialize_str(Visit)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;
    use std::collections::BTreeMap;

    // A hand-built tree for { name = "ab", n = [1, 2], deep = { ok = true }, kind = "yes-no" }.
    static STRINGS: &str = "namenabdeepokkindyes-no";
    static NODES: &[Node] = &[
        Node::Table(1, 4),
        Node::Str(0, 4),
        Node::Str(5, 2),
        Node::Str(4, 1),
        Node::Array(9, 2),
        Node::Str(7, 4),
        Node::Table(11, 1),
        Node::Str(13, 4),
        Node::Str(17, 6),
        Node::Int(1),
        Node::Int(2),
        Node::Str(11, 2),
        Node::Bool(true),
    ];

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(rename_all = "kebab-case")]
    enum Kind {
        YesNo,
    }

    #[derive(Debug, Deserialize, PartialEq)]
    #[serde(deny_unknown_fields)]
    struct Doc {
        name: String,
        n: Vec<u8>,
        deep: BTreeMap<String, bool>,
        kind: Kind,
        #[serde(default)]
        missing: Option<String>,
    }

    #[test]
    fn reads_structs_maps_sequences_and_enums() {
        let tree = Tree { strings: STRINGS, nodes: NODES };
        let doc: Doc = tree.read(0).expect("reads");
        assert_eq!(doc.name, "ab");
        assert_eq!(doc.n, [1, 2]);
        assert_eq!(doc.deep.get("ok"), Some(&true));
        assert_eq!(doc.kind, Kind::YesNo);
        assert_eq!(doc.missing, None);
    }

    #[test]
    fn shipped_text_borrows_from_the_table_and_other_text_is_owned() {
        use std::borrow::Cow;
        #[derive(Deserialize)]
        struct Described {
            description: Text,
        }
        #[derive(Deserialize)]
        struct Situations {
            situation: Vec<Described>,
        }
        let (tree, root) = crate::library::builtin_tree("situations.toml").expect("shipped situations");
        let as_toml: toml::Table = tree.read(root).expect("reads");
        let shipped: Situations = tree.read(root).expect("reads descriptions");
        let first = &shipped.situation[0].description;
        assert_eq!(Some(first.as_str()), as_toml["situation"][0]["description"].as_str());
        assert!(matches!(first.0, Cow::Borrowed(_)), "shipped text is not copied");
        let from_toml: Described = toml::from_str("description = \"x\"").expect("toml");
        assert!(matches!(from_toml.description.0, Cow::Owned(_)));
        assert_eq!(from_toml.description, "x");
    }

    #[test]
    fn a_tree_of_the_wrong_shape_is_an_error_not_a_panic() {
        #[derive(Debug, Deserialize)]
        #[serde(deny_unknown_fields)]
        #[allow(dead_code)]
        struct Other {
            name: u8,
        }
        let tree = Tree { strings: STRINGS, nodes: NODES };
        assert!(tree.read::<Other>(0).is_err());
        assert!(tree.read::<Doc>(99).is_err());
        let broken = Tree { strings: "", nodes: &[Node::Table(5, 3)] };
        assert!(broken.read::<BTreeMap<String, String>>(0).is_ok_and(|m| m.is_empty()));
    }
}
