//! The PersistentVolumes, each in a slot of its own found by a small integer, with the
//! VolumeAttachments of the volume and the pods waiting for them.
//!
//! Provisioned volumes are named `pvc-<uuid>`, so a lookup by name lands anywhere in a B-tree of
//! all volumes, and a lookup of an attachment by `(volume, node)` anywhere in one of all
//! attachments: at 10,000 replicas those searches were most of the attach paths' cache misses.
//! As with claims ([`crate::claims`]), a volume name gets a slot the first time a volume or a claim
//! names it, and keeps it; a claim and a wake-up hold the slot, and the slot holds the volume's
//! attachments and waiting pods by node (a volume has one or two). Walks over several volumes or
//! attachments still go in name order.

use std::collections::{BTreeMap, BTreeSet};

use crate::claims::insert_snug;
use crate::name::Name;
use crate::objects::{Attachment, NsName, Published, Volume};

/// A volume name's slot.
pub(crate) type VolumeId = u32;

#[derive(Default)]
pub(crate) struct Volumes {
    slots: Vec<Slot>,
    /// What was last published of the volume in each slot: apart from the slots, so that a
    /// checkpoint reads one small vector instead of every slot.
    published: Vec<Published>,
    ids: BTreeMap<Name, VolumeId>,
    live: usize,
    attachments: usize,
    /// The slots where some pod waits for an attachment.
    waiting: BTreeSet<VolumeId>,
    /// Every attachment's hash, slot and published record (`Published::record`, kept equal by
    /// [`Volumes::note_published`]), 16 bytes each: a checkpoint reads this list rather than
    /// every slot and every slot's list. A detached attachment's entry goes to the next one.
    entries: Vec<Entry>,
    free: Vec<u32>,
}

#[derive(Clone, Copy)]
struct Entry {
    hash: u64,
    volume: VolumeId,
    record: Option<u32>,
}

struct Slot {
    name: Name,
    /// In place rather than boxed, as claims are.
    volume: Option<Volume>,
    /// `(node, attachment)`, in node name order.
    attachments: Vec<(Name, Attachment)>,
    /// `(node, pods waiting for the volume to be attached there)`, in node name order; the pods
    /// `(key, uid)` in key order. An entry goes when its last pod does.
    waiting: Vec<(Name, Vec<(NsName, u64)>)>,
}

impl Volumes {
    /// The slot of a volume name, made if the name has none yet.
    pub(crate) fn id(&mut self, name: &Name) -> VolumeId {
        // One search of the names, whether or not the name is new.
        let next = VolumeId::try_from(self.slots.len()).unwrap_or(VolumeId::MAX);
        let id = *self.ids.entry(name.clone()).or_insert(next);
        if id != next {
            return id;
        }
        self.slots.push(Slot {
            name: name.clone(),
            volume: None,
            attachments: Vec::new(),
            waiting: Vec::new(),
        });
        self.published.push(Published::default());
        id
    }

    /// The slot of a volume name, if it has one.
    pub(crate) fn id_of(&self, name: &str) -> Option<VolumeId> {
        self.ids.get(name).copied()
    }

    fn slot(&self, id: VolumeId) -> Option<&Slot> {
        self.slots.get(usize::try_from(id).ok()?)
    }

    fn slot_mut(&mut self, id: VolumeId) -> Option<&mut Slot> {
        self.slots.get_mut(usize::try_from(id).ok()?)
    }

    /// The name a slot is for (whether or not that volume exists).
    pub(crate) fn name(&self, id: VolumeId) -> Option<&Name> {
        Some(&self.slot(id)?.name)
    }

    pub(crate) fn by_id(&self, id: VolumeId) -> Option<&Volume> {
        self.slot(id)?.volume.as_ref()
    }

    pub(crate) fn by_id_mut(&mut self, id: VolumeId) -> Option<&mut Volume> {
        self.slot_mut(id)?.volume.as_mut()
    }

    /// The volume in a slot and what was last published of it.
    pub(crate) fn published_mut(&mut self, id: VolumeId) -> Option<(&mut Volume, &mut Published)> {
        let at = usize::try_from(id).ok()?;
        Some((self.slots.get_mut(at)?.volume.as_mut()?, self.published.get_mut(at)?))
    }

    pub(crate) fn get(&self, name: &str) -> Option<&Volume> {
        self.by_id(self.id_of(name)?)
    }

    /// Adds a volume under its name, and returns its slot. One that replaces a volume of that
    /// name keeps what was published of it (a volume applied again is the same object).
    pub(crate) fn insert(&mut self, volume: Volume) -> VolumeId {
        let id = self.id(&volume.name);
        if let Some(slot) = self.slot_mut(id) {
            if slot.volume.replace(volume).is_none() {
                self.live += 1;
            }
        }
        id
    }

    /// Takes a volume out, with what was last published of it.
    pub(crate) fn remove(&mut self, id: VolumeId) -> Option<(Volume, Published)> {
        let volume = self.slot_mut(id)?.volume.take()?;
        let published = std::mem::take(self.published.get_mut(usize::try_from(id).ok()?)?);
        self.live -= 1;
        Some((volume, published))
    }

    pub(crate) fn len(&self) -> usize {
        self.live
    }

    /// What was last published of every name, in name order (of no volume now: nothing).
    pub(crate) fn published(&self) -> impl Iterator<Item = &Published> + '_ {
        self.ids.values().filter_map(|&id| self.published.get(usize::try_from(id).ok()?))
    }

    // -----------------------------------------------------------------------------------------
    // Attachments

    pub(crate) fn attachment(&self, id: VolumeId, node: &Name) -> Option<&Attachment> {
        let slot = self.slot(id)?;
        slot.attachments.iter().find(|(n, _)| n == node).map(|(_, a)| a)
    }

    pub(crate) fn attachment_mut(&mut self, id: VolumeId, node: &Name) -> Option<&mut Attachment> {
        let slot = self.slot_mut(id)?;
        slot.attachments.iter_mut().find(|(n, _)| n == node).map(|(_, a)| a)
    }

    /// The nodes the volume is attached to or being attached to, in name order.
    pub(crate) fn attached_nodes(&self, id: VolumeId) -> impl Iterator<Item = &Name> + '_ {
        self.slot(id).into_iter().flat_map(|slot| slot.attachments.iter().map(|(n, _)| n))
    }

    /// Adds an attachment (replacing one to the same node).
    pub(crate) fn attach(&mut self, id: VolumeId, node: &Name, mut attachment: Attachment) {
        let Some(slot) = self.slots.get_mut(usize::try_from(id).unwrap_or(usize::MAX)) else { return };
        let at = slot.attachments.binary_search_by(|(n, _)| n.cmp(node));
        let entry = Entry { hash: attachment.hash, volume: id, record: attachment.published.record };
        attachment.entry = match at {
            Ok(at) => slot.attachments[at].1.entry,
            Err(_) => self.free.pop().unwrap_or_else(|| {
                self.entries.push(entry);
                u32::try_from(self.entries.len() - 1).unwrap_or(u32::MAX)
            }),
        };
        if let Some(e) = self.entries.get_mut(attachment.entry as usize) {
            *e = entry;
        }
        match at {
            Ok(at) => slot.attachments[at].1 = attachment,
            Err(at) => {
                // Most volumes are attached to one node.
                insert_snug(&mut slot.attachments, at, (node.clone(), attachment));
                self.attachments += 1;
            }
        }
    }

    pub(crate) fn detach(&mut self, id: VolumeId, node: &Name) -> Option<Attachment> {
        let slot = self.slot_mut(id)?;
        let at = slot.attachments.iter().position(|(n, _)| n == node)?;
        let (_, attachment) = slot.attachments.remove(at);
        // Freed now, while in cache, rather than with the volume.
        if slot.attachments.is_empty() {
            slot.attachments = Vec::new();
        }
        self.attachments -= 1;
        if let Some(e) = self.entries.get_mut(attachment.entry as usize) {
            e.record = None;
            self.free.push(attachment.entry);
        }
        Some(attachment)
    }

    /// Brings an attachment's entry up to date after it was published.
    pub(crate) fn note_published(&mut self, id: VolumeId, node: &Name) {
        let Some(a) = self.attachment(id, node) else { return };
        let (entry, record) = (a.entry, a.published.record);
        if let Some(e) = self.entries.get_mut(entry as usize) {
            e.record = record;
        }
    }

    pub(crate) fn attachment_count(&self) -> usize {
        self.attachments
    }

    /// Every published attachment `(hash, volume, entry, record)`, in no order: for a
    /// checkpoint, which sorts them.
    pub(crate) fn attachment_records(&self) -> impl Iterator<Item = (u64, VolumeId, u32, u32)> + '_ {
        (0..).zip(&self.entries).filter_map(|(i, e)| Some((e.hash, e.volume, i, e.record?)))
    }

    /// The node of the attachment with entry `entry` on the volume in slot `id`.
    pub(crate) fn entry_node(&self, id: VolumeId, entry: u32) -> Option<&Name> {
        self.slot(id)?.attachments.iter().find(|(_, a)| a.entry == entry).map(|(n, _)| n)
    }

    /// The volumes with an attachment to `node` for which `keep` holds, in name order.
    pub(crate) fn attached_to(&self, node: &Name, keep: impl Fn(&Attachment) -> bool) -> Vec<VolumeId> {
        if self.attachments == 0 {
            return Vec::new();
        }
        self.ids
            .values()
            .copied()
            .filter(|&id| self.attachment(id, node).is_some_and(&keep))
            .collect()
    }

    // -----------------------------------------------------------------------------------------
    // Pods waiting for an attachment

    /// The pod `key` (uid `uid`) waits for the volume to be attached to `node`.
    pub(crate) fn wait(&mut self, id: VolumeId, node: &Name, key: &NsName, uid: u64) {
        let Some(slot) = self.slot_mut(id) else { return };
        let at = match slot.waiting.binary_search_by(|(n, _)| n.cmp(node)) {
            Ok(at) => at,
            Err(at) => {
                insert_snug(&mut slot.waiting, at, (node.clone(), Vec::new()));
                at
            }
        };
        let pods = &mut slot.waiting[at].1;
        match pods.binary_search_by(|(k, _)| k.cmp(key)) {
            Ok(i) => pods[i].1 = uid,
            Err(i) => insert_snug(pods, i, (key.clone(), uid)),
        }
        self.waiting.insert(id);
    }

    /// The pods waiting for the volume on `node`, in name order; they wait no more.
    pub(crate) fn take_waiting(&mut self, id: VolumeId, node: &Name) -> Vec<(NsName, u64)> {
        let Some(slot) = self.slot_mut(id) else { return Vec::new() };
        let Some(at) = slot.waiting.iter().position(|(n, _)| n == node) else { return Vec::new() };
        let pods = slot.waiting.remove(at).1;
        if slot.waiting.is_empty() {
            slot.waiting = Vec::new();
            self.waiting.remove(&id);
        }
        pods
    }

    /// The pods waiting for the volume on nodes other than `node`, by node, then by name.
    pub(crate) fn waiting_elsewhere(&self, id: VolumeId, node: &Name) -> Vec<(NsName, u64)> {
        let Some(slot) = self.slot(id) else { return Vec::new() };
        slot.waiting.iter().filter(|(n, _)| n != node).flat_map(|(_, pods)| pods.iter().cloned()).collect()
    }

    /// The pod `key` no longer waits for the volume on `node`.
    pub(crate) fn unwait(&mut self, id: VolumeId, node: &Name, key: &NsName) {
        let Some(slot) = self.slot_mut(id) else { return };
        let Some(at) = slot.waiting.iter().position(|(n, _)| n == node) else { return };
        Self::unwait_in(&mut slot.waiting, at, key);
        if slot.waiting.is_empty() {
            slot.waiting = Vec::new();
            self.waiting.remove(&id);
        }
    }

    /// The pod `key` waits for no volume any more.
    pub(crate) fn unwait_everywhere(&mut self, key: &NsName) {
        let ids: Vec<VolumeId> = self.waiting.iter().copied().collect();
        for id in ids {
            let Some(slot) = self.slot_mut(id) else { continue };
            for at in (0..slot.waiting.len()).rev() {
                Self::unwait_in(&mut slot.waiting, at, key);
            }
            if slot.waiting.is_empty() {
                self.waiting.remove(&id);
            }
        }
    }

    /// Takes `key` out of the `at`th entry, and the entry out if it is left empty.
    fn unwait_in(waiting: &mut Vec<(Name, Vec<(NsName, u64)>)>, at: usize, key: &NsName) {
        let pods = &mut waiting[at].1;
        if let Ok(i) = pods.binary_search_by(|(k, _)| k.cmp(key)) {
            pods.remove(i);
        }
        if pods.is_empty() {
            waiting.remove(at);
        }
    }
}
