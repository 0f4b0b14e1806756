//! IP addresses (`format: ipv4 / ipv6 / ip`), accepted exactly as `core::net` parses them,
//! without it: `core::net`'s parser carries panicking paths that pull `core::fmt` into the wasm
//! (about 4 KB). A port of its grammar over bytes; the tests compare the two on random text.

/// A cursor over the text; copied to try something and keep the copy only if it worked.
#[derive(Clone, Copy)]
struct Cursor<'a>(&'a [u8]);

impl<'a> Cursor<'a> {
    fn attempt<T>(&mut self, f: impl FnOnce(&mut Cursor<'a>) -> Option<T>) -> Option<T> {
        let mut trial = *self;
        let out = f(&mut trial)?;
        *self = trial;
        Some(out)
    }

    fn byte(&mut self, want: u8) -> Option<()> {
        self.attempt(|c| match c.0 {
            [first, rest @ ..] if *first == want => {
                c.0 = rest;
                Some(())
            }
            _ => None,
        })
    }

    /// A number of at most `max_digits` digits that fits `limit`; a leading zero only when
    /// `zero_prefix` allows it or the number is `0`.
    fn number(&mut self, radix: u32, max_digits: usize, limit: u32, zero_prefix: bool) -> Option<u32> {
        self.attempt(|c| {
            let leading_zero = c.0.first() == Some(&b'0');
            let (mut value, mut count) = (0u32, 0usize);
            while let Some((digit, rest)) = c.0.split_first().and_then(|(b, rest)| Some(((*b as char).to_digit(radix)?, rest))) {
                value = value.checked_mul(radix)?.checked_add(digit).filter(|v| *v <= limit)?;
                count += 1;
                if count > max_digits {
                    return None;
                }
                c.0 = rest;
            }
            (count > 0 && (zero_prefix || !leading_zero || count == 1)).then_some(value)
        })
    }

    fn ipv4(&mut self) -> Option<[u8; 4]> {
        self.attempt(|c| {
            let mut octets = [0u8; 4];
            for (i, slot) in octets.iter_mut().enumerate() {
                if i > 0 {
                    c.byte(b'.')?;
                }
                *slot = c.number(10, 3, 255, false)? as u8;
            }
            Some(octets)
        })
    }

    /// Up to `limit` groups (`:`-separated, the last two may be an IPv4 address): how many, and
    /// whether an IPv4 address ended them.
    fn groups(&mut self, limit: usize) -> (usize, bool) {
        for i in 0..limit {
            if i + 1 < limit && self.attempt(|c| if i > 0 { c.byte(b':') } else { Some(()) }.and_then(|()| c.ipv4())).is_some() {
                return (i + 2, true);
            }
            if self.attempt(|c| if i > 0 { c.byte(b':') } else { Some(()) }.and_then(|()| c.number(16, 4, 0xffff, true))).is_none() {
                return (i, false);
            }
        }
        (limit, false)
    }

    fn ipv6(&mut self) -> Option<()> {
        self.attempt(|c| {
            let (head, head_ipv4) = c.groups(8);
            if head == 8 {
                return Some(());
            }
            if head_ipv4 {
                return None;
            }
            c.byte(b':')?;
            c.byte(b':')?;
            c.groups(7 - head);
            Some(())
        })
    }
}

fn whole<'a>(text: &'a str, parse: impl FnOnce(&mut Cursor<'a>) -> Option<()>) -> bool {
    let mut c = Cursor(text.as_bytes());
    parse(&mut c).is_some() && c.0.is_empty()
}

pub fn ipv4(text: &str) -> bool {
    whole(text, |c| c.ipv4().map(|_| ()))
}

pub fn ipv6(text: &str) -> bool {
    whole(text, Cursor::ipv6)
}

/// Either, as `IpAddr` reads it: IPv4 first.
pub fn ip(text: &str) -> bool {
    whole(text, |c| c.ipv4().map(|_| ()).or_else(|| c.ipv6()))
}

#[cfg(test)]
mod tests {
    use super::*;
    extern crate std;
    use alloc::format;
    use alloc::string::{String, ToString};
    use alloc::vec::Vec;
    use core::net::{IpAddr, Ipv4Addr, Ipv6Addr};

    fn same(text: &str) {
        assert_eq!(ipv4(text), text.parse::<Ipv4Addr>().is_ok(), "ipv4 {text:?}");
        assert_eq!(ipv6(text), text.parse::<Ipv6Addr>().is_ok(), "ipv6 {text:?}");
        assert_eq!(ip(text), text.parse::<IpAddr>().is_ok(), "ip {text:?}");
    }

    #[test]
    fn the_cases_core_net_documents() {
        for text in [
            "",
            "0.0.0.0",
            "255.255.255.255",
            "256.0.0.1",
            "01.2.3.4",
            "1.2.3",
            "1.2.3.4.5",
            "1..2.3",
            "1.2.3.4 ",
            "::",
            "::1",
            "1::",
            "1:2:3:4:5:6:7:8",
            "1:2:3:4:5:6:7:8:9",
            "1:2:3:4:5:6:7::",
            "::2:3:4:5:6:7:8",
            "1:2:3:4:5:6::7:8",
            "::ffff:1.2.3.4",
            "1:2:3:4:5:6:1.2.3.4",
            "1:2:3:4:5:6:7:1.2.3.4",
            "::1.2.3.4",
            "1::1.2.3.4",
            "1.2.3.4::",
            "fFfF::",
            "12345::",
            "0000::00000",
            ":1::",
            "1:::2",
            "1::2::3",
            "[::1]",
        ] {
            same(text);
        }
    }

    /// Random text over the grammar's alphabet (and a stranger byte now and then), against
    /// `core::net`: the same verdict for every one.
    #[test]
    fn agrees_with_core_net_on_random_text() {
        const ALPHABET: &[u8] = b"0123456789abcdefABCDEF:.:.:.0.1:g x";
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..200_000 {
            let len = (next() % 40) as usize;
            let text: String = (0..len).map(|_| ALPHABET[(next() % ALPHABET.len() as u64) as usize] as char).collect();
            same(&text);
        }
        // Addresses that are nearly right: real ones with one byte changed.
        for _ in 0..50_000 {
            let groups: Vec<String> = (0..8).map(|_| format!("{:x}", next() % 0x1_0000)).collect();
            let mut text = match next() % 3 {
                0 => groups.join(":"),
                1 => format!("{}::{}", groups[..(next() % 4) as usize].join(":"), groups[4..4 + (next() % 4) as usize].join(":")),
                _ => format!("{}.{}.{}.{}", next() % 300, next() % 300, next() % 300, next() % 300),
            };
            if next() % 2 == 0 && !text.is_empty() {
                let at = (next() % text.len() as u64) as usize;
                text.replace_range(at..at + 1, &(ALPHABET[(next() % ALPHABET.len() as u64) as usize] as char).to_string());
            }
            same(&text);
        }
    }
}
