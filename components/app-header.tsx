import Link from 'next/link';
import { ThemeToggle } from './theme-toggle';

const NAV = [
  { href: '/', label: 'Store' },
  { href: '/runs', label: 'Runs' },
  { href: '/chaos', label: 'Chaos' },
  { href: '/outbox', label: 'Outbox' },
];

export function AppHeader() {
  return (
    <header className="sticky top-0 z-20 border-b border-zinc-200 bg-white/90 backdrop-blur dark:border-zinc-800 dark:bg-zinc-900/90">
      <div className="mx-auto flex h-12 max-w-[1600px] items-center gap-6 px-4">
        <Link href="/" className="font-semibold tracking-tight">
          Agent Checkout <span className="text-indigo-600 dark:text-indigo-400">Observatory</span>
        </Link>
        <nav className="flex gap-4 text-sm" aria-label="Main">
          {NAV.map((item) => (
            <Link key={item.href} href={item.href} className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100">
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto">
          <ThemeToggle />
        </div>
      </div>
    </header>
  );
}
