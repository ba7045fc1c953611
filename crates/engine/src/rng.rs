//! The one seeded random number generator every choice draws from (SplitMix64: small, fast and
//! the same on every platform).

#[derive(Clone, Debug)]
pub(crate) struct Rng(u64);

impl Rng {
    pub(crate) fn new(seed: u64) -> Rng {
        Rng(seed ^ 0x5DEE_CE66_D1CE_4E5B)
    }

    pub(crate) fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// A number in `0..n` (`n > 0`).
    pub(crate) fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// A UUID-shaped identifier, as Kubernetes gives objects (`pvc-<uid>` names provisioned PVs):
    /// version 4, variant `10`, from two draws.
    pub(crate) fn uuid(&mut self) -> String {
        let (a, b) = (self.next_u64(), self.next_u64());
        let fields = [
            (a >> 32, 8),
            ((a >> 16) & 0xffff, 4),
            (0x4000 | (a & 0x0fff), 4),
            (((b >> 48) & 0x3fff) | 0x8000, 4),
            (b & 0xffff_ffff_ffff, 12),
        ];
        // Written digit by digit: `format!` with padded hex fields cost more than the rest of
        // making a pod's claim.
        let mut text = String::with_capacity(36);
        for (i, (value, digits)) in fields.into_iter().enumerate() {
            if i > 0 {
                text.push('-');
            }
            for d in (0..digits).rev() {
                text.push(char::from(b"0123456789abcdef"[(value >> (4 * d) & 0xf) as usize]));
            }
        }
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_seed_same_sequence_and_uuid_shape() {
        let (mut a, mut b) = (Rng::new(7), Rng::new(7));
        let xs: Vec<u64> = (0..5).map(|_| a.next_u64()).collect();
        let ys: Vec<u64> = (0..5).map(|_| b.next_u64()).collect();
        assert_eq!(xs, ys);
        assert_ne!(Rng::new(8).next_u64(), xs[0]);
        let id = Rng::new(1).uuid();
        assert_eq!(id.len(), 36);
        assert_eq!(id.matches('-').count(), 4);
        assert_eq!(&id[14..15], "4");
    }

    #[test]
    fn uuids_read_as_their_two_draws_in_hex() {
        let mut rng = Rng::new(3);
        for _ in 0..1000 {
            let mut copy = rng.clone();
            let (a, b) = (copy.next_u64(), copy.next_u64());
            let expected = format!(
                "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
                a >> 32,
                (a >> 16) & 0xffff,
                a & 0x0fff,
                ((b >> 48) & 0x3fff) | 0x8000,
                b & 0xffff_ffff_ffff
            );
            assert_eq!(rng.uuid(), expected);
        }
    }
}
