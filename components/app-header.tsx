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
      <div className="mx-auto flex h-12 max-w-[1600px] items-center gap-3 px-3 sm:gap-6 sm:px-4">
        <Link href="/" className="shrink-0 font-semibold tracking-tight" aria-label="Agent Checkout Observatory">
          <span className="hidden sm:inline">Agent Checkout </span>
          <span className="text-indigo-600 dark:text-indigo-400">Observatory</span>
        </Link>
        <nav className="flex min-w-0 gap-3 overflow-x-auto text-sm sm:gap-4" aria-label="Main">
          {NAV.map((item) => (
            <Link
              key={item.href}
              href={item.href}
              className="text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-100"
            >
              {item.label}
            </Link>
          ))}
        </nav>
        <div className="ml-auto shrink-0">
          <ThemeToggle />
        </div>
      </div>
    </header>
  );
}
