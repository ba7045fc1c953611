//! Mounts the page; everything else is in the library (so browser tests can import it).

fn main() {
    web::start();
}
