//! Event messages that repeat word for word: every pod of a template has its containers created,
//! started and stopped, and every claim of a class waits for its provisioner, in the same words.
//! Each such text is written once and shared by all the Events that say it, rather than formatted
//! and stored again per pod.

use std::rc::Rc;

#[derive(Default)]
pub(crate) struct Messages {
    /// `(what, subject, text)`: a handful, one per container, image or provisioner of the input
    /// and kind of message, so a list is searched faster than a map.
    known: Vec<(&'static str, Box<str>, Rc<str>)>,
}

impl Messages {
    /// The text of the message `what` about `subject` (a container's name, an image...), which
    /// `make` writes the first time. The text must depend on nothing else that changes in a run.
    pub(crate) fn get(&mut self, what: &'static str, subject: &str, make: impl FnOnce() -> String) -> Rc<str> {
        if let Some((_, _, text)) = self.known.iter().find(|(w, s, _)| *w == what && **s == *subject) {
            return text.clone();
        }
        let text: Rc<str> = make().into();
        self.known.push((what, subject.into(), text.clone()));
        text
    }
}
