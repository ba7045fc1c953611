//! What a person does to the cluster: the input's objects applied at t = 0, and the scenario's
//! steps, each as the matching `kubectl` command would do it. A step that names something that
//! does not exist at its time is reported as kubectl would (`pods "web-9" not found`) and skipped.

use manifest::{Action, Object};

use crate::objects::NsName;
use crate::sim::Sim;
use crate::StepIssue;

/// `name` or `namespace/name`.
fn split_name(text: &str) -> NsName {
    match text.split_once('/') {
        Some((ns, name)) => (ns.into(), name.into()),
        None => ("default".into(), text.into()),
    }
}

impl Sim {
    /// Creates or updates an object, as `kubectl apply`.
    pub(crate) fn apply_object(&mut self, object: Object) -> Result<(), String> {
        let namespace = object.namespace().to_owned();
        if object.is_namespaced() && !self.namespaces.contains(&namespace) {
            return Err(format!("namespaces {namespace:?} not found"));
        }
        match object {
            Object::Namespace(ns) => {
                self.namespaces.insert(ns.metadata.name);
            }
            Object::Node(node) => self.add_node(node),
            Object::StorageClass(class) => self.apply_class(class),
            Object::PersistentVolume(pv) => self.apply_volume(pv),
            Object::PersistentVolumeClaim(pvc) => {
                let key: NsName = (namespace.as_str().into(), pvc.metadata.name.as_str().into());
                if self.claims.contains_key(&key) {
                    // Claim specs are immutable once bound; nothing the simulation reads may change.
                    return Ok(());
                }
                let claim = self.new_claim(&key.0, &key.1, &pvc, None);
                self.insert_claim(claim);
            }
            Object::Service(svc) => {
                let key: NsName = (namespace.as_str().into(), svc.metadata.name.as_str().into());
                let published = self.services.remove(&key).map(|b| b.1).unwrap_or_default();
                self.services.insert(key.clone(), (svc, published).into());
                self.publish_service(&key);
            }
            Object::StatefulSet(set) => self.apply_set(set)?,
        }
        Ok(())
    }

    pub(crate) fn apply_step(&mut self, index: usize) {
        let Some(step) = self.scenario.spec.steps.get(index).cloned() else { return };
        let result = self.run_action(step.action);
        if let Err(message) = result {
            self.issues.push(StepIssue { step: Some(index), object: None, t_ms: self.now, message });
        }
    }

    fn run_action(&mut self, action: Action) -> Result<(), String> {
        let pod_missing = |key: &NsName| format!("pods {:?} not found", key.1);
        let node_missing = |name: &str| format!("nodes {name:?} not found");
        match action {
            Action::Scale(scale) => {
                let key = split_name(&scale.statefulset);
                let Some(set) = self.sets.get(&key) else {
                    return Err(format!("statefulsets.apps {:?} not found", key.1));
                };
                let mut spec = set.spec.clone();
                spec.spec.replicas = Some(i64::from(scale.replicas));
                self.apply_set(spec)
            }
            Action::DeletePod(name) => {
                let key = split_name(&name);
                let Some(uid) = self.pods.uid_of(&key) else { return Err(pod_missing(&key)) };
                self.delete_pod_gracefully(uid, None);
                Ok(())
            }
            Action::ForceDeletePod(name) => {
                let key = split_name(&name);
                let uid = self.pods.uid_of(&key);
                uid.is_some_and(|uid| self.force_delete_pod(uid)).then_some(()).ok_or_else(|| pod_missing(&key))
            }
            Action::FailNode(name) => self.fail_node(&name).then_some(()).ok_or_else(|| node_missing(&name)),
            Action::RecoverNode(name) => self.recover_node(&name).then_some(()).ok_or_else(|| node_missing(&name)),
            Action::DeleteNode(name) => self.delete_node(&name).then_some(()).ok_or_else(|| node_missing(&name)),
            Action::TaintOutOfService(name) => {
                self.taint_out_of_service(&name, true).then_some(()).ok_or_else(|| node_missing(&name))
            }
            Action::UntaintOutOfService(name) => {
                self.taint_out_of_service(&name, false).then_some(()).ok_or_else(|| node_missing(&name))
            }
            Action::DeleteStatefulSet(d) => self.delete_set(&split_name(d.target()), d.cascade()),
            Action::DeletePersistentVolumeClaim(name) => {
                let key = split_name(&name);
                self.delete_claim(&key)
                    .then_some(())
                    .ok_or_else(|| format!("persistentvolumeclaims {:?} not found", key.1))
            }
            Action::SetReadiness(r) => {
                let key = split_name(&r.pod);
                let uid = self.pods.uid_of(&key);
                uid.is_some_and(|uid| self.set_readiness(uid, r.ready)).then_some(()).ok_or_else(|| pod_missing(&key))
            }
            Action::CrashPod(c) => {
                let key = split_name(&c.pod);
                let Some(pod) = self.pods.named(&key) else { return Err(pod_missing(&key)) };
                let (uid, running) = (pod.uid, pod.containers == crate::objects::Containers::Running);
                self.update_pod(uid, |p| p.crashes_left = c.times);
                if running {
                    self.crash(uid);
                }
                Ok(())
            }
            Action::Apply(object) => self.apply_object(*object),
        }
    }
}
