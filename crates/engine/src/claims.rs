//! The PersistentVolumeClaims, each in a slot of its own found by a small integer.
//!
//! Pods name their claims, and the controllers look a pod's claims up at every step: whether they
//! are bound, which volumes to attach, which pods use a claim. By name that is a search of a
//! B-tree keyed by `(namespace, name)`, which at 10,000 replicas is most of a step's cache misses.
//! So each claim name gets a slot the first time a claim or a pod names it, and keeps it: a pod
//! finds its claims by index, and a claim deleted and made again under its name is found in the
//! same slot, as a lookup by name would find it. Walks over several claims still go in name order.

use std::collections::BTreeMap;

use crate::name::Name;
use crate::objects::{Claim, NsName, Published};

/// A claim name's slot.
pub(crate) type ClaimId = u32;

#[derive(Default)]
pub(crate) struct Claims {
    slots: Vec<Slot>,
    /// What was last published of the claim in each slot: apart from the slots, so that a
    /// checkpoint reads one small vector instead of every slot.
    published: Vec<Published>,
    /// Each name's slot, as a `u64`: the same B-tree as the pods' `by_name`, so the page holds
    /// one copy of its code for both.
    ids: BTreeMap<NsName, u64>,
    live: usize,
}

/// Inserts `item` at `at`, making room for just that one if the list has none: most of the
/// engine's per-object lists (a claim's users, a volume's attachments) hold one entry, and a
/// first push would make room for four.
pub(crate) fn insert_snug<T>(list: &mut Vec<T>, at: usize, item: T) {
    if list.capacity() == 0 {
        list.reserve_exact(1);
    }
    list.insert(at, item);
}

/// A slot number kept in [`Claims::ids`].
fn slot_id(id: u64) -> ClaimId {
    ClaimId::try_from(id).unwrap_or(ClaimId::MAX)
}

#[derive(Default)]
struct Slot {
    /// In place rather than boxed: slots are made in the order claims are, which is about the
    /// order the controllers visit them, so neighbours share cache lines.
    claim: Option<Claim>,
    /// The pods that name the claim, `(name, uid)` in name order (whether or not it exists).
    users: Vec<(Name, u64)>,
}

impl Claims {
    /// The slot of a claim name, made if the name has none yet.
    pub(crate) fn id(&mut self, key: &NsName) -> ClaimId {
        // One search of the names, whether or not the name is new.
        let next = ClaimId::try_from(self.slots.len()).unwrap_or(ClaimId::MAX);
        let id = *self.ids.entry(key.clone()).or_insert(u64::from(next));
        if id == u64::from(next) {
            self.slots.push(Slot::default());
            self.published.push(Published::default());
        }
        slot_id(id)
    }

    /// The slot of a claim name, if it has one.
    pub(crate) fn id_of(&self, key: &NsName) -> Option<ClaimId> {
        self.ids.get(key).map(|&id| slot_id(id))
    }

    fn slot(&self, id: ClaimId) -> Option<&Slot> {
        self.slots.get(usize::try_from(id).ok()?)
    }

    fn slot_mut(&mut self, id: ClaimId) -> Option<&mut Slot> {
        self.slots.get_mut(usize::try_from(id).ok()?)
    }

    pub(crate) fn by_id(&self, id: ClaimId) -> Option<&Claim> {
        self.slot(id)?.claim.as_ref()
    }

    pub(crate) fn by_id_mut(&mut self, id: ClaimId) -> Option<&mut Claim> {
        self.slot_mut(id)?.claim.as_mut()
    }

    /// The claim in a slot and what was last published of it.
    pub(crate) fn published_mut(&mut self, id: ClaimId) -> Option<(&mut Claim, &mut Published)> {
        let at = usize::try_from(id).ok()?;
        Some((self.slots.get_mut(at)?.claim.as_mut()?, self.published.get_mut(at)?))
    }

    pub(crate) fn get(&self, key: &NsName) -> Option<&Claim> {
        self.by_id(self.id_of(key)?)
    }

    pub(crate) fn get_mut(&mut self, key: &NsName) -> Option<&mut Claim> {
        self.by_id_mut(self.id_of(key)?)
    }

    pub(crate) fn contains_key(&self, key: &NsName) -> bool {
        self.get(key).is_some()
    }

    /// Adds a claim under its name (replacing one of that name, as a map insert would), and
    /// returns its slot.
    pub(crate) fn insert(&mut self, claim: Claim) -> ClaimId {
        let id = self.id(&(claim.namespace.clone(), claim.name.clone()));
        if let Some(slot) = self.slot_mut(id) {
            if slot.claim.replace(claim).is_none() {
                self.live += 1;
            }
        }
        id
    }

    /// Takes a claim out, with what was last published of it.
    pub(crate) fn remove(&mut self, key: &NsName) -> Option<(Claim, Published)> {
        let id = self.id_of(key)?;
        let claim = self.slot_mut(id)?.claim.take()?;
        let published = std::mem::take(self.published.get_mut(usize::try_from(id).ok()?)?);
        self.live -= 1;
        Some((claim, published))
    }

    pub(crate) fn len(&self) -> usize {
        self.live
    }

    /// Every claim with its name, in name order.
    pub(crate) fn iter(&self) -> impl Iterator<Item = (&NsName, &Claim)> + '_ {
        self.ids.iter().filter_map(|(key, &id)| Some((key, self.by_id(slot_id(id))?)))
    }

    /// What was last published of every name, in name order (of no claim now: nothing).
    pub(crate) fn published(&self) -> impl Iterator<Item = &Published> + '_ {
        self.ids.values().filter_map(|&id| self.published.get(usize::try_from(id).ok()?))
    }

    /// Every claim, in slot order (for changes that do not depend on the order).
    pub(crate) fn values_mut(&mut self) -> impl Iterator<Item = &mut Claim> + '_ {
        self.slots.iter_mut().filter_map(|slot| slot.claim.as_mut())
    }

    /// The pods naming the claim in a slot, `(name, uid)` in name order.
    pub(crate) fn users(&self, id: ClaimId) -> &[(Name, u64)] {
        self.slot(id).map_or(&[], |slot| &slot.users)
    }

    pub(crate) fn add_user(&mut self, id: ClaimId, pod: &Name, uid: u64) {
        let Some(slot) = self.slot_mut(id) else { return };
        match slot.users.binary_search_by(|(name, _)| name.cmp(pod)) {
            Ok(at) => slot.users[at].1 = uid,
            // Most claims have one user.
            Err(at) => insert_snug(&mut slot.users, at, (pod.clone(), uid)),
        }
    }

    pub(crate) fn remove_user(&mut self, id: ClaimId, pod: &Name) {
        let Some(slot) = self.slot_mut(id) else { return };
        if let Ok(at) = slot.users.binary_search_by(|(name, _)| name.cmp(pod)) {
            slot.users.remove(at);
        }
        // Freed now, while in cache, rather than with the claim.
        if slot.users.is_empty() {
            slot.users = Vec::new();
        }
    }
}
