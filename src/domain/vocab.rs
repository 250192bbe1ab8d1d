//! The `vocab!` macro: one way to declare a closed vocabulary (docs/rules.md) with its stable id
//! (stored in the database and used in CSV/JSON) and its Chinese and English labels.

/// Declares an enum whose variants each carry `(id, 中文, English)`.
///
/// Generates `ALL`, `id()`, `from_id()`, `label(lang)` and serde (as the id string).
#[macro_export]
macro_rules! vocab {
    ($(#[$meta:meta])* pub enum $name:ident { $($(#[$vmeta:meta])* $var:ident = ($id:literal, $zh:literal, $en:literal)),+ $(,)? }) => {
        $(#[$meta])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub enum $name { $($(#[$vmeta])* $var),+ }

        impl $name {
            pub const ALL: &'static [$name] = &[$($name::$var),+];

            /// The stable id stored in the database.
            pub fn id(self) -> &'static str {
                match self { $($name::$var => $id),+ }
            }

            pub fn from_id(s: &str) -> Option<Self> {
                match s { $($id => Some($name::$var),)+ _ => None }
            }

            pub fn label(self, lang: $crate::domain::lang::Lang) -> &'static str {
                match self { $($name::$var => lang.pick($zh, $en)),+ }
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.id())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                $name::from_id(&s).ok_or_else(|| serde::de::Error::custom(format!("unknown {} id: {}", stringify!($name), s)))
            }
        }
    };
}
