from vanort.cli import main

main()
