// The organisers' area (admins only; the server checks every call too): the overview, a problem's
// page, a contest's page. Loaded as its own chunk: players never download it.
import { Link } from "../../router.tsx";
import { useSession } from "../../session.tsx";
import { ContestPage } from "./ContestPage.tsx";
import { OrganiseHome } from "./OrganiseHome.tsx";
import { ProblemPage } from "./ProblemPage.tsx";

export function OrganiseScreen({ section, id }: { section?: "problem" | "contest"; id?: string }) {
  const { isAdmin } = useSession();
  if (!isAdmin) {
    return (
      <main className="narrow">
        <h1>Organisers only</h1>
        <p>Contests are run by admins. Ask one to make your account an organiser.</p>
        <Link href="/contests">See the contests</Link>
      </main>
    );
  }
  const newOne = id === "new" ? undefined : id;
  if (section === "problem") return <ProblemPage key={id} problemId={newOne} />;
  if (section === "contest") return <ContestPage key={id} contestId={newOne} />;
  return <OrganiseHome />;
}
